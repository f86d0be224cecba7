import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { closedServerUrl, startFakeProductService } from './support/fake-product-service.ts';
import { migrate, startOrderService } from './support/order-service.ts';

const infra = await isolatedInfra();
await migrate(infra);
const catalog = await startFakeProductService();
const service = await startOrderService(infra, { productServiceUrl: catalog.url });
const { app } = service;
const pool = infra.postgres.pool('order-service');

const keyboard = catalog.addProduct({ name: 'Keyboard', price: { amount: 8999, currency: 'EUR' } });
const mouse = catalog.addProduct({ name: 'Mouse', price: { amount: 3999, currency: 'EUR' } });

async function placeOrder(body: unknown, headers: Record<string, string>) {
  return app.inject({ method: 'POST', url: '/orders', headers, payload: body as object });
}

describe('POST /orders', () => {
  it('stores a PENDING order at the catalog prices and enqueues order.created in the outbox', async () => {
    const ada = await service.customer();
    const response = await placeOrder(
      {
        lines: [
          { productId: keyboard.id, quantity: 2 },
          { productId: mouse.id, quantity: 1 },
        ],
      },
      { authorization: ada.authorization },
    );

    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(response.headers.location).toBe(`/orders/${order.id}`);
    expect(order).toMatchObject({
      customerId: ada.userId,
      status: 'PENDING',
      cancellationReason: null,
      total: { amount: 2 * 8999 + 3999, currency: 'EUR' },
      lines: [
        {
          productId: keyboard.id,
          sku: keyboard.sku,
          name: 'Keyboard',
          quantity: 2,
          unitPrice: { amount: 8999, currency: 'EUR' },
        },
        { productId: mouse.id, quantity: 1, unitPrice: { amount: 3999, currency: 'EUR' } },
      ],
    });

    const { rows } = await pool.query(
      'SELECT topic, key, type, payload, published_at FROM outbox_events WHERE key = $1',
      [order.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      topic: 'order.created.v1',
      key: order.id,
      type: 'order.created.v1',
      published_at: null,
      payload: {
        specversion: '1.0',
        source: 'order-service',
        type: 'order.created.v1',
        subject: order.id,
        data: {
          orderId: order.id,
          customerId: ada.userId,
          lines: [
            { productId: keyboard.id, quantity: 2, unitPrice: { amount: 8999, currency: 'EUR' } },
            { productId: mouse.id, quantity: 1, unitPrice: { amount: 3999, currency: 'EUR' } },
          ],
          total: { amount: 21997, currency: 'EUR' },
        },
      },
    });

    const history = await pool.query(
      'SELECT from_status, to_status, reason FROM order_status_history WHERE order_id = $1',
      [order.id],
    );
    expect(history.rows).toEqual([
      { from_status: null, to_status: 'PENDING', reason: 'order_placed' },
    ]);
  });

  it('keeps the price of the moment: a later price change does not touch the order', async () => {
    const ada = await service.customer();
    const lamp = catalog.addProduct({ price: { amount: 500, currency: 'EUR' } });
    const placed = (
      await placeOrder(
        { lines: [{ productId: lamp.id, quantity: 1 }] },
        { authorization: ada.authorization },
      )
    ).json();
    lamp.price = { amount: 900, currency: 'EUR' };
    const read = await app.inject({
      url: `/orders/${placed.id}`,
      headers: { authorization: ada.authorization },
    });
    expect(read.json().lines[0].unitPrice.amount).toBe(500);
    expect(read.json().total.amount).toBe(500);
  });

  it.each([
    ['no lines', { lines: [] }, 'lines'],
    ['a missing body member', {}, 'lines'],
    ['a zero quantity', { lines: [{ productId: keyboard.id, quantity: 0 }] }, 'lines.0.quantity'],
    [
      'a quantity over 100',
      { lines: [{ productId: keyboard.id, quantity: 101 }] },
      'lines.0.quantity',
    ],
    [
      'a fractional quantity',
      { lines: [{ productId: keyboard.id, quantity: 1.5 }] },
      'lines.0.quantity',
    ],
    [
      'a product id that is not a UUID',
      { lines: [{ productId: 'KB-001', quantity: 1 }] },
      'lines.0.productId',
    ],
    [
      'more than 50 lines',
      { lines: Array.from({ length: 51 }, () => ({ productId: keyboard.id, quantity: 1 })) },
      'lines',
    ],
  ])('answers 400 for %s', async (_case, body, field) => {
    const ada = await service.customer();
    const response = await placeOrder(body, { authorization: ada.authorization });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('answers 422 when a product appears on two lines', async () => {
    const ada = await service.customer();
    const response = await placeOrder(
      {
        lines: [
          { productId: keyboard.id, quantity: 1 },
          { productId: keyboard.id.toUpperCase(), quantity: 2 },
        ],
      },
      { authorization: ada.authorization },
    );
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      title: 'Duplicate products',
      duplicateProductIds: [keyboard.id],
    });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const ada = await service.customer();
    const response = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { authorization: ada.authorization, 'content-type': 'application/json' },
      payload: '{"lines": [',
    });
    expect(response.statusCode).toBe(400);
  });

  it('answers 401 without a token, even with forged identity headers', async () => {
    const ada = await service.customer();
    const body = { lines: [{ productId: keyboard.id, quantity: 1 }] };
    const attempts: Record<string, string>[] = [
      {},
      { 'x-user-id': ada.userId, 'x-user-roles': 'admin' },
      { authorization: 'Bearer not-a-token', 'x-user-id': ada.userId },
    ];
    for (const headers of attempts) {
      const response = await placeOrder(body, headers);
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM orders WHERE customer_id = $1',
      [ada.userId],
    );
    expect(rows[0].n).toBe(0);
  });

  it('answers 401 for a token from another issuer key', async () => {
    const { createTestTokenIssuer } = await import('@ecommerce/service-kit/testing');
    const stranger = await createTestTokenIssuer('other-key');
    const token = await stranger.token({ userId: crypto.randomUUID() });
    const response = await placeOrder(
      { lines: [{ productId: keyboard.id, quantity: 1 }] },
      { authorization: `Bearer ${token}` },
    );
    expect(response.statusCode).toBe(401);
  });

  it('answers 403 for a token without the customer or admin role', async () => {
    const token = await service.issuer.token({ userId: crypto.randomUUID(), roles: ['support'] });
    const response = await placeOrder(
      { lines: [{ productId: keyboard.id, quantity: 1 }] },
      { authorization: `Bearer ${token}` },
    );
    expect(response.statusCode).toBe(403);
  });

  it('answers 422 naming every unknown or inactive product, and stores nothing', async () => {
    const ada = await service.customer();
    const unknownId = crypto.randomUUID();
    const retired = catalog.addProduct({ active: false });
    const response = await placeOrder(
      {
        lines: [
          { productId: keyboard.id, quantity: 1 },
          { productId: unknownId, quantity: 1 },
          { productId: retired.id, quantity: 1 },
        ],
      },
      { authorization: ada.authorization },
    );
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      title: 'Products not available',
      products: [
        { productId: unknownId, problem: 'unknown' },
        { productId: retired.id, problem: 'inactive' },
      ],
    });
    expect(response.json().detail).toContain(unknownId);
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM orders WHERE customer_id = $1',
      [ada.userId],
    );
    expect(rows[0].n).toBe(0);
  });

  it('answers 422 when the products are priced in different currencies', async () => {
    const ada = await service.customer();
    const dollars = catalog.addProduct({ price: { amount: 100, currency: 'USD' } });
    const response = await placeOrder(
      {
        lines: [
          { productId: keyboard.id, quantity: 1 },
          { productId: dollars.id, quantity: 1 },
        ],
      },
      { authorization: ada.authorization },
    );
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      title: 'Mixed currencies',
      currencies: ['EUR', 'USD'],
    });
  });

  it("reads every line's price in one lookup and rides out a passing failure of product-service", async () => {
    const ada = await service.customer();
    catalog.state.failNext = 1;
    const lookupsBefore = catalog.state.lookups.length;
    const response = await placeOrder(
      {
        lines: [
          { productId: keyboard.id, quantity: 1 },
          { productId: mouse.id, quantity: 1 },
        ],
      },
      { authorization: ada.authorization },
    );
    expect(response.statusCode).toBe(201);
    expect(catalog.state.failNext).toBe(0);
    expect(catalog.state.lookups.slice(lookupsBefore)).toEqual([[keyboard.id, mouse.id]]);
  });

  it('answers 503 with Retry-After when product-service fails, and stores nothing', async () => {
    const ada = await service.customer();
    catalog.state.failWith = 503;
    try {
      const response = await placeOrder(
        { lines: [{ productId: keyboard.id, quantity: 1 }] },
        { authorization: ada.authorization },
      );
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json()).toMatchObject({ title: 'Product catalog unavailable', status: 503 });
    } finally {
      catalog.state.failWith = undefined;
    }
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM orders WHERE customer_id = $1',
      [ada.userId],
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('POST /orders while product-service is down', () => {
  it('answers 503 problem+json with Retry-After', async () => {
    const down = await startOrderService(infra, { productServiceUrl: await closedServerUrl() });
    const ada = await down.customer();
    const response = await down.app.inject({
      method: 'POST',
      url: '/orders',
      headers: { authorization: ada.authorization },
      payload: { lines: [{ productId: keyboard.id, quantity: 1 }] },
    });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({ status: 503, instance: '/orders' });
  });

  it("reports the catalog's circuit in /metrics: closed at start, open once it trips", async () => {
    const down = await startOrderService(infra, { productServiceUrl: await closedServerUrl() });
    const state = async (name: string) => {
      const body = (await down.app.inject({ url: '/metrics' })).body;
      const prefix = `circuit_breaker_state{circuit="product-service",state="${name}",service="order-service"} `;
      const line = body.split('\n').find((l) => l.startsWith(prefix));
      return line === undefined ? undefined : Number(line.slice(prefix.length));
    };
    expect(await state('closed')).toBe(1);
    expect(await state('open')).toBe(0);

    const ada = await down.customer();
    // The circuit needs 10 failed lookups in its window before it may open.
    for (let i = 0; i < 12 && (await state('open')) !== 1; i++) {
      await down.app.inject({
        method: 'POST',
        url: '/orders',
        headers: { authorization: ada.authorization },
        payload: { lines: [{ productId: keyboard.id, quantity: 1 }] },
      });
    }
    expect(await state('open')).toBe(1);
    expect(await state('closed')).toBe(0);
    expect(await state('halfOpen')).toBe(0);
  });
});

describe('POST /orders while product-service misbehaves', () => {
  it('answers 503 when product-service is too slow', async () => {
    const slowCatalog = await startFakeProductService();
    const product = slowCatalog.addProduct();
    slowCatalog.state.delayMs = 3000;
    const slow = await startOrderService(infra, {
      productServiceUrl: slowCatalog.url,
      productServiceTimeoutMs: 100,
    });
    const ada = await slow.customer();
    const response = await slow.app.inject({
      method: 'POST',
      url: '/orders',
      headers: { authorization: ada.authorization },
      payload: { lines: [{ productId: product.id, quantity: 1 }] },
    });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });

  it('answers 503 when product-service answers outside its contract', async () => {
    const ada = await service.customer();
    catalog.state.malformed = true;
    try {
      const response = await placeOrder(
        { lines: [{ productId: keyboard.id, quantity: 1 }] },
        { authorization: ada.authorization },
      );
      expect(response.statusCode).toBe(503);
    } finally {
      catalog.state.malformed = false;
    }
  });
});
