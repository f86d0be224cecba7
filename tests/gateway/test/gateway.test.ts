import {
  call,
  gatewayUpstreamVariables,
  isolatedInfra,
  type ServiceProcess,
} from '@ecommerce/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { admin, type RunningSystem, startSystem } from '../../system/test/system.ts';
import { startGateway } from './support.ts';

const infra = await isolatedInfra();
let system: RunningSystem;
let gateway: ServiceProcess;
let adminToken: string;
let customerToken: string;
let customerId: string;
let productId: string;
const customer = { email: 'lin@gateway.test', password: 'lin-gateway-password' };

beforeAll(async () => {
  system = await startSystem(infra);
  const upstreams = Object.fromEntries(
    Object.entries(gatewayUpstreamVariables).map(([service, variable]) => [
      variable,
      system.services[service as keyof typeof gatewayUpstreamVariables].url,
    ]),
  );
  gateway = await startGateway(infra, {
    ...upstreams,
    JWKS_URL: `${system.services['user-service'].url}/.well-known/jwks.json`,
    RATE_LIMIT_LOGIN_MAX: '4',
  });
  const api = (path: string) => `${gateway.url}${path}`;
  adminToken = (await call(api('/api/auth/login'), { body: admin })).body.accessToken;
  const registered = await call(api('/api/auth/register'), { body: customer });
  expect(registered.status).toBe(201);
  customerId = registered.body.id;
  customerToken = (await call(api('/api/auth/login'), { body: customer })).body.accessToken;
  const created = await call(api('/api/products'), {
    token: adminToken,
    body: {
      sku: 'GW-001',
      name: 'Gateway lamp',
      description: 'A lamp sold through the gateway.',
      category: 'office',
      price: { amount: 1999, currency: 'EUR' },
    },
  });
  expect(created.status).toBe(201);
  productId = created.body.id;
}, 240_000);

afterAll(async () => {
  expect(await gateway?.stop()).toBe(0);
  await system?.stop();
}, 60_000);

const api = (path: string) => `${gateway.url}${path}`;

describe('the gateway in front of every service', () => {
  it('routes each area to its service', async () => {
    const product = await call(api(`/api/products/${productId}`));
    expect(product.status).toBe(200);
    expect(product.body).toMatchObject({ id: productId, name: 'Gateway lamp' });
    expect(product.headers.get('x-upstream-instance')).toBe(system.services['product-service'].url);

    const me = await call(api('/api/users/me'), { token: customerToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: customerId, email: customer.email });

    const stock = await call(api(`/api/inventory/${productId}`), {
      method: 'PUT',
      token: adminToken,
      body: { onHand: 3 },
    });
    expect(stock.status).toBe(201);
    expect(
      (await call(api(`/api/inventory/${productId}`), { token: customerToken })).body,
    ).toMatchObject({
      productId,
      onHand: 3,
    });

    // Stock is public, like the catalog; changing it is not.
    expect((await call(api(`/api/inventory/${productId}`))).status).toBe(200);
    expect(
      (await call(api(`/api/inventory/${productId}`), { method: 'PUT', body: { onHand: 9 } }))
        .status,
    ).toBe(401);

    for (const [path, service] of [
      ['/api/orders', 'order-service'],
      ['/api/payments', 'payment-service'],
      ['/api/notifications', 'notification-service'],
    ] as const) {
      const response = await call(api(path), { token: customerToken });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('x-upstream-instance'), path).toBe(system.services[service].url);
    }

    const keys = await call(api('/.well-known/jwks.json'));
    expect(keys.status).toBe(200);
    expect(keys.body.keys.length).toBeGreaterThan(0);
  });

  it('turns requests without a valid token away with 401 problem+json', async () => {
    for (const path of ['/api/orders', '/api/users/me', '/api/payments', '/api/notifications']) {
      const response = await call(api(path));
      expect(response.status, path).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const garbled = await call(api('/api/orders'), { token: 'a.b.c' });
    expect(garbled.status).toBe(401);
  });

  it('gives forged identity headers no effect', async () => {
    const me = await call(api('/api/users/me'), {
      token: customerToken,
      headers: {
        'x-user-id': 'someone-else',
        'x-user-roles': 'admin',
        'x-user-email': admin.email,
      },
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: customerId, email: customer.email });
    const forgedOnly = await call(api('/api/users/me'), { headers: { 'x-user-id': customerId } });
    expect(forgedOnly.status).toBe(401);
  });

  it('carries the request id to the service and back', async () => {
    const response = await call(api(`/api/products/${productId}`), {
      headers: { 'x-request-id': 'gateway-test-request-1' },
    });
    expect(response.headers.get('x-request-id')).toBe('gateway-test-request-1');
    const missing = await call(api('/api/products/00000000-0000-4000-8000-000000000000'), {
      headers: { 'x-request-id': 'gateway-test-request-2' },
    });
    expect(missing.status).toBe(404);
    // The service's own problem, with the id the gateway passed on.
    expect(missing.body).toMatchObject({ requestId: 'gateway-test-request-2' });
  });

  it('limits login attempts with 429, Retry-After and RateLimit headers', async () => {
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 6 && !limited; i++) {
      const response = await call(api('/api/auth/login'), {
        body: { email: 'nobody@gateway.test', password: 'wrong-password-1' },
      });
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(401);
    }
    expect(limited?.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.headers.get('ratelimit-limit')).toBe('4');
  });

  it('serves one OpenAPI document of every service under the public paths', async () => {
    await vi.waitFor(
      async () => {
        const { body } = await call(api('/openapi.json'));
        for (const path of [
          '/api/auth/login',
          '/api/users/me',
          '/api/products/{id}',
          '/api/orders',
          '/api/payments',
          '/api/notifications',
        ]) {
          expect(body.paths[path], path).toBeDefined();
        }
      },
      { timeout: 15_000, interval: 500 },
    );
    expect((await fetch(api('/docs/'))).status).toBe(200);
  });
});
