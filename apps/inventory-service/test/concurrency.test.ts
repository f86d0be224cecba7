import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OrderLine } from '../src/domain/order-lines.ts';
import {
  commitReservation,
  releaseReservation,
  reserveStock,
} from '../src/repository/reservation-repository.ts';
import { expectStockConsistent, inventoryTestbed, stockedProduct } from './support.ts';

const testbed = await inventoryTestbed();
const { app, db, adminHeaders } = testbed;

async function stockOf(productId: string) {
  return (await app.inject({ url: `/inventory/${productId}` })).json();
}

describe('concurrent reservations', () => {
  it('lets exactly 10 of 50 single-unit orders reserve 10 units', async () => {
    const productId = await stockedProduct(testbed, 10);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        app.inject({
          method: 'POST',
          url: '/reservations',
          headers: adminHeaders,
          payload: { orderId: randomUUID(), lines: [{ productId, quantity: 1 }] },
        }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(40);
    expect(await stockOf(productId)).toEqual({ productId, onHand: 10, reserved: 10, available: 0 });
    const { rows } = await testbed.admin.query(
      'SELECT count(*)::int AS n FROM inventory.reservation_lines WHERE product_id = $1',
      [productId],
    );
    expect(rows[0].n).toBe(10);
    await expectStockConsistent(testbed);
  });

  it('keeps multi-line orders over overlapping products all-or-nothing, without deadlocks', async () => {
    const products = await Promise.all([6, 6, 6, 6].map((units) => stockedProduct(testbed, units)));
    // Each order names two or three products, in an order of its own (reversed, rotated), so
    // that without a common locking order the transactions would wait on each other in cycles.
    const orders = Array.from({ length: 40 }, (_, index) => {
      const size = 2 + (index % 2);
      const start = index % products.length;
      const picked = Array.from(
        { length: size },
        (_, offset) => products[(start + offset) % products.length] as string,
      );
      if (index % 3 === 0) picked.reverse();
      const lines: OrderLine[] = picked.map((productId, offset) => ({
        productId,
        quantity: 1 + ((index + offset) % 2),
      }));
      return { orderId: randomUUID(), lines };
    });

    const results = await Promise.all(
      orders.map(({ orderId, lines }) => db.$transaction((tx) => reserveStock(tx, orderId, lines))),
    );

    const won = orders.filter((_, index) => results[index]?.outcome === 'reserved');
    expect(results.every((r) => r.outcome === 'reserved' || r.outcome === 'rejected')).toBe(true);
    expect(won.length).toBeGreaterThan(0);
    expect(won.length).toBeLessThan(orders.length);

    for (const productId of products) {
      const expectedReserved = won
        .flatMap((order) => order.lines)
        .filter((line) => line.productId === productId)
        .reduce((sum, line) => sum + line.quantity, 0);
      const stock = await stockOf(productId);
      expect(stock.reserved).toBe(expectedReserved);
      expect(stock.reserved).toBeLessThanOrEqual(stock.onHand);
    }
    // Winners hold every line they asked for; losers hold nothing at all.
    const { rows } = await testbed.admin.query(
      `SELECT r.order_id, count(l.*)::int AS lines FROM inventory.reservations r
       LEFT JOIN inventory.reservation_lines l ON l.reservation_id = r.id
       WHERE r.order_id = ANY($1::uuid[]) GROUP BY r.order_id`,
      [orders.map((order) => order.orderId)],
    );
    const heldLines = new Map(rows.map((row) => [row.order_id, row.lines]));
    for (const [index, order] of orders.entries()) {
      const won = results[index]?.outcome === 'reserved';
      expect(heldLines.get(order.orderId)).toBe(won ? order.lines.length : undefined);
    }
    await expectStockConsistent(testbed);
  });

  it('reserves an order once when it is asked for many times at once', async () => {
    const productId = await stockedProduct(testbed, 10);
    const orderId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        db.$transaction((tx) => reserveStock(tx, orderId, [{ productId, quantity: 3 }])),
      ),
    );
    expect(results.filter((r) => r.outcome === 'reserved')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'existing')).toHaveLength(9);
    expect(await stockOf(productId)).toMatchObject({ onHand: 10, reserved: 3 });
    await expectStockConsistent(testbed);
  });

  it('applies exactly one of racing releases and commits of one order', async () => {
    const productId = await stockedProduct(testbed, 10);
    const orderId = randomUUID();
    await db.$transaction((tx) => reserveStock(tx, orderId, [{ productId, quantity: 4 }]));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        db.$transaction((tx) =>
          index % 2 === 0 ? releaseReservation(tx, orderId) : commitReservation(tx, orderId),
        ),
      ),
    );
    const applied = results.filter((r) => r.outcome === 'applied');
    expect(applied).toHaveLength(1);
    const stock = await stockOf(productId);
    expect(stock.reserved).toBe(0);
    const final = applied[0]?.outcome === 'applied' ? applied[0].reservation.status : undefined;
    expect(stock.onHand).toBe(final === 'COMMITTED' ? 6 : 10);
    await expectStockConsistent(testbed);
  });

  it('never oversells while reservations are released and made at the same time', async () => {
    const productId = await stockedProduct(testbed, 10);
    const held = Array.from({ length: 10 }, () => randomUUID());
    for (const orderId of held) {
      await db.$transaction((tx) => reserveStock(tx, orderId, [{ productId, quantity: 1 }]));
    }
    const released = held.slice(0, 5);
    const newcomers = Array.from({ length: 15 }, () => randomUUID());
    const results = await Promise.all([
      ...released.map((orderId) => db.$transaction((tx) => releaseReservation(tx, orderId))),
      ...newcomers.map((orderId) =>
        db.$transaction((tx) => reserveStock(tx, orderId, [{ productId, quantity: 1 }])),
      ),
    ]);
    const newlyReserved = results.filter((r) => r.outcome === 'reserved').length;
    expect(newlyReserved).toBeLessThanOrEqual(5);
    const stock = await stockOf(productId);
    expect(stock.reserved).toBe(5 + newlyReserved);
    expect(stock.reserved).toBeLessThanOrEqual(stock.onHand);
    await expectStockConsistent(testbed);
  });
});
