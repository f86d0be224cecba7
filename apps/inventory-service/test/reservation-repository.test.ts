import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  commitReservation,
  findReservation,
  releaseReservation,
  reserveStock,
} from '../src/repository/reservation-repository.ts';
import { findStockLevel } from '../src/repository/stock-repository.ts';
import { expectStockConsistent, inventoryTestbed, stockedProduct } from './support.ts';

// The functions the order saga's Kafka handlers call, inside their own transactions.
const testbed = await inventoryTestbed();
const { db } = testbed;

describe('releaseReservation', () => {
  it('records the reason in the ledger', async () => {
    const productId = await stockedProduct(testbed, 3);
    const orderId = randomUUID();
    await db.$transaction((tx) => reserveStock(tx, orderId, [{ productId, quantity: 2 }]));
    const result = await db.$transaction((tx) =>
      releaseReservation(tx, orderId, { reason: 'payment_failed' }),
    );
    expect(result).toMatchObject({ outcome: 'applied', reservation: { status: 'RELEASED' } });
    const { rows } = await testbed.admin.query(
      `SELECT kind, delta_reserved, reason FROM inventory.stock_movements
       WHERE order_id = $1 ORDER BY id`,
      [orderId],
    );
    expect(rows).toEqual([
      { kind: 'RESERVE', delta_reserved: 2, reason: null },
      { kind: 'RELEASE', delta_reserved: -2, reason: 'payment_failed' },
    ]);
  });

  it('reports an order without a reservation and records nothing by default', async () => {
    const orderId = randomUUID();
    expect(await db.$transaction((tx) => releaseReservation(tx, orderId))).toEqual({
      outcome: 'not_found',
    });
    expect(await findReservation(db, orderId)).toBeNull();
  });

  it('can preempt an order that is not reserved yet, so a late reservation holds nothing', async () => {
    const productId = await stockedProduct(testbed, 3);
    const orderId = randomUUID();
    const release = await db.$transaction((tx) =>
      releaseReservation(tx, orderId, { reason: 'order_cancelled', preemptIfMissing: true }),
    );
    expect(release).toMatchObject({
      outcome: 'preempted',
      reservation: { orderId, status: 'RELEASED', lines: [] },
    });
    const late = await db.$transaction((tx) =>
      reserveStock(tx, orderId, [{ productId, quantity: 1 }]),
    );
    expect(late).toMatchObject({ outcome: 'existing', reservation: { status: 'RELEASED' } });
    expect(await findStockLevel(db, productId)).toMatchObject({ onHand: 3, reserved: 0 });
    const again = await db.$transaction((tx) =>
      releaseReservation(tx, orderId, { preemptIfMissing: true }),
    );
    expect(again.outcome).toBe('already_done');
    expect((await db.$transaction((tx) => commitReservation(tx, orderId))).outcome).toBe(
      'conflict',
    );
    await expectStockConsistent(testbed);
  });
});

describe('reserveStock', () => {
  it('works inside a caller transaction that rolls back, leaving no trace', async () => {
    const productId = await stockedProduct(testbed, 3);
    const orderId = randomUUID();
    await expect(
      db.$transaction(async (tx) => {
        const result = await reserveStock(tx, orderId, [{ productId, quantity: 2 }]);
        expect(result.outcome).toBe('reserved');
        throw new Error('the handler failed after reserving');
      }),
    ).rejects.toThrow('the handler failed after reserving');
    expect(await findReservation(db, orderId)).toBeNull();
    expect(await findStockLevel(db, productId)).toMatchObject({ reserved: 0 });
    await expectStockConsistent(testbed);
  });
});
