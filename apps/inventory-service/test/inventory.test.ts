import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectStockConsistent, inventoryTestbed, problemJson, stockedProduct } from './support.ts';

const testbed = await inventoryTestbed();
const { app, adminHeaders, customerHeaders } = testbed;

const forgedIdentity = { 'x-user-id': randomUUID(), 'x-user-roles': 'admin' };

describe('GET /inventory/:productId', () => {
  it('answers the stock to anyone, without a token', async () => {
    const productId = await stockedProduct(testbed, 12);
    const response = await app.inject({ url: `/inventory/${productId}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ productId, onHand: 12, reserved: 0, available: 12 });
  });

  it('answers 404 for a product without stock', async () => {
    const response = await app.inject({ url: `/inventory/${randomUUID()}` });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain(problemJson);
    expect(response.json()).toMatchObject({ status: 404, title: 'Stock not found' });
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const response = await app.inject({ url: '/inventory/keyboard' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain(problemJson);
  });
});

describe('PUT /inventory/:productId', () => {
  it('creates stock (201), then sets it (200)', async () => {
    const productId = randomUUID();
    const url = `/inventory/${productId}`;
    const first = await app.inject({
      method: 'PUT',
      url,
      headers: adminHeaders,
      payload: { onHand: 5 },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ productId, onHand: 5, reserved: 0, available: 5 });
    const second = await app.inject({
      method: 'PUT',
      url,
      headers: adminHeaders,
      payload: { onHand: 8, reason: 'stocktake' },
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ productId, onHand: 8, reserved: 0, available: 8 });
    await expectStockConsistent(testbed);
  });

  it('answers 409 when fewer units would remain than are reserved', async () => {
    const productId = await stockedProduct(testbed, 5);
    const reserve = await app.inject({
      method: 'POST',
      url: '/reservations',
      headers: adminHeaders,
      payload: { orderId: randomUUID(), lines: [{ productId, quantity: 3 }] },
    });
    expect(reserve.statusCode).toBe(201);
    const response = await app.inject({
      method: 'PUT',
      url: `/inventory/${productId}`,
      headers: adminHeaders,
      payload: { onHand: 2 },
    });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain(problemJson);
    expect(response.json()).toMatchObject({
      status: 409,
      stock: { productId, onHand: 5, reserved: 3, available: 2 },
    });
  });

  it.each([
    ['a negative quantity', { onHand: -1 }],
    ['a fraction', { onHand: 1.5 }],
    ['a missing quantity', {}],
  ])('answers 400 to %s', async (_, payload) => {
    const response = await app.inject({
      method: 'PUT',
      url: `/inventory/${randomUUID()}`,
      headers: adminHeaders,
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain(problemJson);
  });

  it('answers 401 without a token, even with forged identity headers', async () => {
    for (const headers of [{}, forgedIdentity]) {
      const response = await app.inject({
        method: 'PUT',
        url: `/inventory/${randomUUID()}`,
        headers,
        payload: { onHand: 1 },
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain(problemJson);
    }
  });

  it('answers 403 to a customer', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: `/inventory/${randomUUID()}`,
      headers: customerHeaders,
      payload: { onHand: 1 },
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain(problemJson);
  });
});

describe('POST /inventory/:productId/adjustments', () => {
  const adjust = (
    productId: string,
    payload: object,
    headers: Record<string, string> = adminHeaders,
  ) =>
    app.inject({
      method: 'POST',
      url: `/inventory/${productId}/adjustments`,
      headers,
      payload,
    });

  it('adds and removes units and records why', async () => {
    const productId = await stockedProduct(testbed, 10);
    const added = await adjust(productId, { delta: 5, reason: 'delivery' });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toEqual({ productId, onHand: 15, reserved: 0, available: 15 });
    const removed = await adjust(productId, { delta: -15, reason: 'water damage' });
    expect(removed.json()).toEqual({ productId, onHand: 0, reserved: 0, available: 0 });
    const { rows } = await testbed.admin.query(
      `SELECT kind, delta_on_hand, reason FROM inventory.stock_movements
       WHERE product_id = $1 ORDER BY id`,
      [productId],
    );
    expect(rows).toEqual([
      { kind: 'SET', delta_on_hand: 10, reason: null },
      { kind: 'ADJUSTMENT', delta_on_hand: 5, reason: 'delivery' },
      { kind: 'ADJUSTMENT', delta_on_hand: -15, reason: 'water damage' },
    ]);
    await expectStockConsistent(testbed);
  });

  it('answers 409 when on hand would go negative or below the reserved units', async () => {
    const productId = await stockedProduct(testbed, 4);
    const negative = await adjust(productId, { delta: -5, reason: 'miscount' });
    expect(negative.statusCode).toBe(409);
    expect(negative.headers['content-type']).toContain(problemJson);
    await app.inject({
      method: 'POST',
      url: '/reservations',
      headers: adminHeaders,
      payload: { orderId: randomUUID(), lines: [{ productId, quantity: 3 }] },
    });
    const belowReserved = await adjust(productId, { delta: -2, reason: 'miscount' });
    expect(belowReserved.statusCode).toBe(409);
    expect(belowReserved.json()).toMatchObject({
      detail: 'On hand cannot go below the units reserved by orders',
      stock: { onHand: 4, reserved: 3, available: 1 },
    });
    const allowed = await adjust(productId, { delta: -1, reason: 'miscount' });
    expect(allowed.json()).toEqual({ productId, onHand: 3, reserved: 3, available: 0 });
  });

  it('answers 404 for a product without stock', async () => {
    const response = await adjust(randomUUID(), { delta: 1, reason: 'delivery' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain(problemJson);
  });

  it.each([
    ['a zero delta', { delta: 0, reason: 'nothing' }],
    ['a missing reason', { delta: 1 }],
    ['an empty reason', { delta: 1, reason: '' }],
    ['a fractional delta', { delta: 0.5, reason: 'half' }],
  ])('answers 400 to %s', async (_, payload) => {
    const productId = await stockedProduct(testbed, 1);
    const response = await adjust(productId, payload);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain(problemJson);
  });

  it('answers 401 without a token or with forged identity headers, 403 to a customer', async () => {
    const productId = await stockedProduct(testbed, 1);
    const payload = { delta: 1, reason: 'delivery' };
    expect((await adjust(productId, payload, {})).statusCode).toBe(401);
    expect((await adjust(productId, payload, forgedIdentity)).statusCode).toBe(401);
    expect((await adjust(productId, payload, customerHeaders)).statusCode).toBe(403);
  });
});
