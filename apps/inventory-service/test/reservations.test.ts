import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectStockConsistent, inventoryTestbed, problemJson, stockedProduct } from './support.ts';

const testbed = await inventoryTestbed();
const { app, adminHeaders, customerHeaders } = testbed;

const forgedIdentity = { 'x-user-id': randomUUID(), 'x-user-roles': 'admin' };

type Lines = { productId: string; quantity: number }[];

const reserve = (orderId: string, lines: Lines, headers: Record<string, string> = adminHeaders) =>
  app.inject({ method: 'POST', url: '/reservations', headers, payload: { orderId, lines } });

const finish = (
  orderId: string,
  action: 'release' | 'commit',
  headers: Record<string, string> = adminHeaders,
) => app.inject({ method: 'POST', url: `/reservations/${orderId}/${action}`, headers });

async function stockOf(productId: string) {
  return (await app.inject({ url: `/inventory/${productId}` })).json();
}

describe('POST /reservations', () => {
  it('reserves every line (201) and answers the reservation', async () => {
    const keyboard = await stockedProduct(testbed, 10);
    const mouse = await stockedProduct(testbed, 3);
    const orderId = randomUUID();
    const response = await reserve(orderId, [
      { productId: keyboard, quantity: 2 },
      { productId: mouse, quantity: 3 },
    ]);
    expect(response.statusCode).toBe(201);
    const reservation = response.json();
    expect(reservation).toMatchObject({ orderId, status: 'RESERVED' });
    expect(reservation.lines).toHaveLength(2);
    expect(reservation.lines).toEqual(
      expect.arrayContaining([
        { productId: keyboard, quantity: 2 },
        { productId: mouse, quantity: 3 },
      ]),
    );
    expect(await stockOf(keyboard)).toMatchObject({ onHand: 10, reserved: 2, available: 8 });
    expect(await stockOf(mouse)).toMatchObject({ onHand: 3, reserved: 3, available: 0 });
    await expectStockConsistent(testbed);
  });

  it('reserves nothing when any line lacks stock, and names the lines (409)', async () => {
    const plenty = await stockedProduct(testbed, 10);
    const scarce = await stockedProduct(testbed, 1);
    const unknown = randomUUID();
    const orderId = randomUUID();
    const response = await reserve(orderId, [
      { productId: plenty, quantity: 5 },
      { productId: scarce, quantity: 2 },
      { productId: unknown, quantity: 1 },
    ]);
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain(problemJson);
    const problem = response.json();
    expect(problem).toMatchObject({ status: 409, title: 'Insufficient stock' });
    expect(problem.unavailable).toEqual(
      expect.arrayContaining([
        { productId: scarce, requested: 2, available: 1 },
        { productId: unknown, requested: 1, available: 0 },
      ]),
    );
    expect(problem.unavailable).toHaveLength(2);
    expect(await stockOf(plenty)).toMatchObject({ reserved: 0, available: 10 });
    expect(await stockOf(scarce)).toMatchObject({ reserved: 0, available: 1 });
    expect(
      (await app.inject({ url: `/reservations/${orderId}`, headers: adminHeaders })).statusCode,
    ).toBe(404);
  });

  it('returns the existing reservation when the order is reserved again (200)', async () => {
    const productId = await stockedProduct(testbed, 5);
    const orderId = randomUUID();
    const first = await reserve(orderId, [{ productId, quantity: 2 }]);
    const second = await reserve(orderId, [{ productId, quantity: 2 }]);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(await stockOf(productId)).toMatchObject({ reserved: 2 });
  });

  it('sums lines that name the same product', async () => {
    const productId = await stockedProduct(testbed, 5);
    const response = await reserve(randomUUID(), [
      { productId, quantity: 2 },
      { productId, quantity: 3 },
    ]);
    expect(response.statusCode).toBe(201);
    expect(response.json().lines).toEqual([{ productId, quantity: 5 }]);
    expect(await stockOf(productId)).toMatchObject({ reserved: 5, available: 0 });
  });

  it.each([
    ['no lines', { orderId: randomUUID(), lines: [] }],
    [
      'a zero quantity',
      { orderId: randomUUID(), lines: [{ productId: randomUUID(), quantity: 0 }] },
    ],
    [
      'an order id that is not a UUID',
      { orderId: '42', lines: [{ productId: randomUUID(), quantity: 1 }] },
    ],
    ['a missing order id', { lines: [{ productId: randomUUID(), quantity: 1 }] }],
  ])('answers 400 to %s', async (_, payload) => {
    const response = await app.inject({
      method: 'POST',
      url: '/reservations',
      headers: adminHeaders,
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain(problemJson);
  });

  it('answers 401 without a token or with forged identity headers, 403 to a customer', async () => {
    const productId = await stockedProduct(testbed, 5);
    const lines = [{ productId, quantity: 1 }];
    expect((await reserve(randomUUID(), lines, {})).statusCode).toBe(401);
    expect((await reserve(randomUUID(), lines, forgedIdentity)).statusCode).toBe(401);
    const forbidden = await reserve(randomUUID(), lines, customerHeaders);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toContain(problemJson);
    expect(await stockOf(productId)).toMatchObject({ reserved: 0 });
  });
});

describe('GET /reservations/:orderId', () => {
  it("answers an order's reservation to an admin", async () => {
    const productId = await stockedProduct(testbed, 5);
    const orderId = randomUUID();
    const created = (await reserve(orderId, [{ productId, quantity: 1 }])).json();
    const response = await app.inject({ url: `/reservations/${orderId}`, headers: adminHeaders });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(created);
  });

  it('answers 404 for an order without a reservation, 400 for a bad id', async () => {
    const missing = await app.inject({
      url: `/reservations/${randomUUID()}`,
      headers: adminHeaders,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain(problemJson);
    const bad = await app.inject({ url: '/reservations/nope', headers: adminHeaders });
    expect(bad.statusCode).toBe(400);
  });

  it('answers 401 without a token or with forged identity headers, 403 to a customer', async () => {
    const url = `/reservations/${randomUUID()}`;
    expect((await app.inject({ url })).statusCode).toBe(401);
    expect((await app.inject({ url, headers: forgedIdentity })).statusCode).toBe(401);
    expect((await app.inject({ url, headers: customerHeaders })).statusCode).toBe(403);
  });
});

describe('POST /reservations/:orderId/release', () => {
  it('puts the units back on sale, once however often it is asked', async () => {
    const productId = await stockedProduct(testbed, 5);
    const orderId = randomUUID();
    await reserve(orderId, [{ productId, quantity: 4 }]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await finish(orderId, 'release');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ orderId, status: 'RELEASED' });
      expect(await stockOf(productId)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    }
    await expectStockConsistent(testbed);
  });

  it('answers 409 for a committed reservation and changes nothing', async () => {
    const productId = await stockedProduct(testbed, 5);
    const orderId = randomUUID();
    await reserve(orderId, [{ productId, quantity: 2 }]);
    await finish(orderId, 'commit');
    const response = await finish(orderId, 'release');
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain(problemJson);
    expect(response.json()).toMatchObject({ reservation: { status: 'COMMITTED' } });
    expect(await stockOf(productId)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('answers 404 without a reservation, 401 and 403 to the wrong callers', async () => {
    const orderId = randomUUID();
    expect((await finish(orderId, 'release')).statusCode).toBe(404);
    expect((await finish(orderId, 'release', {})).statusCode).toBe(401);
    expect((await finish(orderId, 'release', forgedIdentity)).statusCode).toBe(401);
    expect((await finish(orderId, 'release', customerHeaders)).statusCode).toBe(403);
  });
});

describe('POST /reservations/:orderId/commit', () => {
  it('takes the units out of on hand, once however often it is asked', async () => {
    const productId = await stockedProduct(testbed, 5);
    const orderId = randomUUID();
    await reserve(orderId, [{ productId, quantity: 3 }]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await finish(orderId, 'commit');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ orderId, status: 'COMMITTED' });
      expect(await stockOf(productId)).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
    }
    const { rows } = await testbed.admin.query(
      `SELECT kind, delta_on_hand, delta_reserved, order_id FROM inventory.stock_movements
       WHERE product_id = $1 ORDER BY id`,
      [productId],
    );
    expect(rows).toEqual([
      { kind: 'SET', delta_on_hand: 5, delta_reserved: 0, order_id: null },
      { kind: 'RESERVE', delta_on_hand: 0, delta_reserved: 3, order_id: orderId },
      { kind: 'COMMIT', delta_on_hand: -3, delta_reserved: -3, order_id: orderId },
    ]);
    await expectStockConsistent(testbed);
  });

  it('answers 409 for a released reservation and changes nothing', async () => {
    const productId = await stockedProduct(testbed, 5);
    const orderId = randomUUID();
    await reserve(orderId, [{ productId, quantity: 2 }]);
    await finish(orderId, 'release');
    const response = await finish(orderId, 'commit');
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ reservation: { status: 'RELEASED' } });
    expect(await stockOf(productId)).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it('answers 404 without a reservation, 400 for a bad id, 401 and 403 to the wrong callers', async () => {
    const orderId = randomUUID();
    expect((await finish(orderId, 'commit')).statusCode).toBe(404);
    expect((await finish('not-a-uuid', 'commit')).statusCode).toBe(400);
    expect((await finish(orderId, 'commit', {})).statusCode).toBe(401);
    expect((await finish(orderId, 'commit', forgedIdentity)).statusCode).toBe(401);
    expect((await finish(orderId, 'commit', customerHeaders)).statusCode).toBe(403);
  });
});
