import { call, isolatedInfra } from '@ecommerce/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type RunningSystem, startSystem } from './system.ts';

const infra = await isolatedInfra();
let system: RunningSystem;

beforeAll(async () => {
  system = await startSystem(infra);
}, 180_000);

afterAll(async () => {
  const exits = await system?.stop();
  // Graceful shutdown on SIGTERM: every service drains and exits 0.
  expect(exits && Object.values(exits)).toEqual(Array(6).fill(0));
}, 60_000);

describe('the services as processes', () => {
  it('each serves /health/ready and its OpenAPI document', async () => {
    for (const service of Object.values(system.services)) {
      expect((await call(`${service.url}/health/ready`)).status, service.name).toBe(200);
      const openapi = await call(`${service.url}/openapi.json`);
      expect(openapi.status, service.name).toBe(200);
      expect(Object.keys(openapi.body.paths).length, service.name).toBeGreaterThan(0);
    }
  });

  it('work together: tokens from user-service, prices from product-service, stock, an order', async () => {
    const { services } = system;
    const login = (email: string, password: string) =>
      call(`${services['user-service'].url}/auth/login`, { body: { email, password } });

    const adminToken = (await login(admin.email, admin.password)).body.accessToken as string;
    const customer = { email: 'grace@system.test', password: 'grace-system-password' };
    expect(
      (await call(`${services['user-service'].url}/auth/register`, { body: customer })).status,
    ).toBe(201);
    const customerToken = (await login(customer.email, customer.password)).body
      .accessToken as string;

    const created = await call(`${services['product-service'].url}/products`, {
      token: adminToken,
      body: {
        sku: 'SYS-001',
        name: 'System test lamp',
        description: 'A lamp that exists only in this test.',
        category: 'office',
        price: { amount: 2599, currency: 'EUR' },
      },
    });
    expect(created.status).toBe(201);
    const productId = created.body.id as string;

    const stock = await call(`${services['inventory-service'].url}/inventory/${productId}`, {
      method: 'PUT',
      token: adminToken,
      body: { onHand: 5 },
    });
    expect(stock.status).toBe(201);

    const placed = await call(`${services['order-service'].url}/orders`, {
      token: customerToken,
      body: { lines: [{ productId, quantity: 2 }] },
    });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      status: 'PENDING',
      total: { amount: 5198, currency: 'EUR' },
      lines: [{ productId, quantity: 2, unitPrice: { amount: 2599, currency: 'EUR' } }],
    });

    const orderUrl = `${services['order-service'].url}/orders/${placed.body.id}`;
    expect((await call(orderUrl, { token: customerToken })).status).toBe(200);
    // Identity comes from the token only: forged headers get nowhere.
    const forged = await call(orderUrl, { headers: { 'x-user-id': placed.body.customerId } });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
  });
});
