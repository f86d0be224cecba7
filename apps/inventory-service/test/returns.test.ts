import { randomUUID } from 'node:crypto';
import {
  createEvent,
  type EventContract,
  type EventData,
  type EventHandler,
  OrderCancelled,
  OrderConfirmed,
  OrderCreated,
  PaymentRefunded,
} from '@ecommerce/events';
import { describe, expect, it } from 'vitest';
import type { Prisma } from '../src/db.ts';
import { onOrderCancelled } from '../src/events/on-order-cancelled.ts';
import { onOrderConfirmed } from '../src/events/on-order-confirmed.ts';
import { onOrderCreated } from '../src/events/on-order-created.ts';
import { onPaymentRefunded } from '../src/events/on-payment-refunded.ts';
import { expectStockConsistent, inventoryTestbed, stockedProduct } from './support.ts';

const testbed = await inventoryTestbed();
const { app, db } = testbed;
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const customer = { customerId: randomUUID(), customerEmail: 'ada@example.test' };

/** Handles one event in a transaction of its own, as the consumer does. */
function handle<C extends EventContract>(
  contract: C,
  handler: EventHandler<C, Prisma.TransactionClient>,
  data: EventData<C> & { orderId: string },
): Promise<void> {
  const event = createEvent(contract, { source: contract.producer, subject: data.orderId, data });
  const delivery = { topic: contract.topic, partition: 0, offset: '0', attempt: 1 };
  return db.$transaction((tx) => handler(event, tx, delivery));
}

const created = (orderId: string, productId: string, quantity: number) =>
  handle(OrderCreated, onOrderCreated, {
    orderId,
    ...customer,
    lines: [{ productId, quantity, unitPrice: eur(1_000) }],
    total: eur(1_000 * quantity),
  });

const confirmed = (orderId: string) =>
  handle(OrderConfirmed, onOrderConfirmed, {
    orderId,
    ...customer,
    paymentId: randomUUID(),
    total: eur(1_000),
  });

const cancelled = (orderId: string) =>
  handle(OrderCancelled, onOrderCancelled, {
    orderId,
    ...customer,
    reason: 'timeout',
  });

const refunded = (orderId: string, restock?: boolean) =>
  handle(PaymentRefunded, onPaymentRefunded, {
    orderId,
    paymentId: randomUUID(),
    refundId: randomUUID(),
    amount: eur(1_000),
    ...(restock === undefined ? {} : { restock }),
  });

async function stockOf(productId: string) {
  return (await app.inject({ url: `/inventory/${productId}` })).json();
}

async function reservationStatus(orderId: string) {
  return (await db.reservation.findUniqueOrThrow({ where: { orderId } })).status;
}

async function ledgerKinds(orderId: string) {
  const rows = await db.stockMovement.findMany({ where: { orderId }, orderBy: { id: 'asc' } });
  return rows.map((row) => `${row.kind} ${row.deltaOnHand}`);
}

describe('payment.refunded of a confirmed order (a return)', () => {
  it('puts the units back on hand with restock, once, and the reservation is RETURNED', async () => {
    const productId = await stockedProduct(testbed, 5);
    const orderId = randomUUID();
    await created(orderId, productId, 2);
    await confirmed(orderId);
    expect(await stockOf(productId)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });

    await refunded(orderId, true);
    await refunded(orderId, true);
    expect(await stockOf(productId)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect(await reservationStatus(orderId)).toBe('RETURNED');
    expect(await ledgerKinds(orderId)).toEqual(['RESERVE 0', 'COMMIT -2', 'RETURN 2']);
    await expectStockConsistent(testbed);
  });

  it('leaves the stock as it is without restock, or when the event has no restock', async () => {
    const productId = await stockedProduct(testbed, 5);
    const kept = randomUUID();
    await created(kept, productId, 1);
    await confirmed(kept);
    await refunded(kept, false);
    const old = randomUUID();
    await created(old, productId, 1);
    await confirmed(old);
    await refunded(old);
    expect(await stockOf(productId)).toMatchObject({ onHand: 3, reserved: 0 });
    expect(await reservationStatus(kept)).toBe('COMMITTED');
    expect(await reservationStatus(old)).toBe('COMMITTED');
    await expectStockConsistent(testbed);
  });

  it('returns the units once committed when the refund was read before order.confirmed', async () => {
    const productId = await stockedProduct(testbed, 4);
    const orderId = randomUUID();
    await created(orderId, productId, 3);
    await refunded(orderId, true);
    expect(await reservationStatus(orderId)).toBe('RESERVED');
    await confirmed(orderId);
    expect(await reservationStatus(orderId)).toBe('RETURNED');
    expect(await stockOf(productId)).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    await expectStockConsistent(testbed);
  });

  it('changes nothing for a cancelled order: its stock was released, never taken', async () => {
    const productId = await stockedProduct(testbed, 4);
    const orderId = randomUUID();
    await created(orderId, productId, 2);
    await cancelled(orderId);
    await refunded(orderId, true);
    expect(await reservationStatus(orderId)).toBe('RELEASED');
    expect(await stockOf(productId)).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    expect(await ledgerKinds(orderId)).toEqual(['RESERVE 0', 'RELEASE 0']);
  });

  it('ignores a refund of an order it never reserved (a charge made by hand)', async () => {
    await expect(refunded(randomUUID(), true)).resolves.toBeUndefined();
  });
});
