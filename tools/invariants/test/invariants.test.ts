import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { deployMigrations } from '@ecommerce/db/migrations';
import { isolatedInfra, repoRoot, type ServiceName } from '@ecommerce/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkInvariants } from '../src/index.ts';

const infra = await isolatedInfra();
const services: ServiceName[] = [
  'order-service',
  'inventory-service',
  'payment-service',
  'notification-service',
];
await Promise.all(
  services.map((name) =>
    deployMigrations(
      { schemaPath: join(repoRoot, 'apps', name, 'prisma/schema.prisma') },
      { databaseUrl: infra.postgres.urlFor(name) },
    ),
  ),
);
const db = infra.postgres.pool();

const product = randomUUID();
const customer = randomUUID();
const old = "now() - interval '10 minutes'";

async function order(status: string, reason: string | null = null) {
  const id = randomUUID();
  await db.query(
    `INSERT INTO orders.orders (id, customer_id, customer_email, status, cancellation_reason, total_amount, total_currency, created_at, updated_at)
     VALUES ($1, $2, 'ada@example.test', $3, $4, 1000, 'EUR', ${old}, ${old})`,
    [id, customer, status, reason],
  );
  return id;
}

async function reservation(orderId: string, status: string, quantity = 1) {
  const id = randomUUID();
  await db.query('INSERT INTO inventory.reservations (id, order_id, status) VALUES ($1, $2, $3)', [
    id,
    orderId,
    status,
  ]);
  await db.query(
    'INSERT INTO inventory.reservation_lines (reservation_id, product_id, quantity) VALUES ($1, $2, $3)',
    [id, product, quantity],
  );
}

async function movement(kind: string, deltaOnHand: number, deltaReserved: number) {
  await db.query(
    `INSERT INTO inventory.stock_movements (product_id, kind, delta_on_hand, delta_reserved)
     VALUES ($1, $2, $3, $4)`,
    [product, kind, deltaOnHand, deltaReserved],
  );
}

async function payment(orderId: string, status: string) {
  const id = randomUUID();
  await db.query(
    `INSERT INTO payments.payments (id, order_id, customer_id, amount, currency, status, attempts, updated_at)
     VALUES ($1, $2, $3, 1000, 'EUR', $4, 1, now())`,
    [id, orderId, customer, status],
  );
  return id;
}

async function refund(paymentId: string, restock: boolean, at = old) {
  await db.query(
    `INSERT INTO payments.refunds (id, payment_id, amount, currency, provider_reference, attempts, restock, created_at)
     VALUES ($1, $2, 1000, 'EUR', 'sim_refund', 1, $3, ${at})`,
    [randomUUID(), paymentId, restock],
  );
}

async function notification(orderId: string, kind: string, status = 'SENT') {
  await db.query(
    `INSERT INTO notifications.notifications (id, order_id, customer_id, kind, channel, recipient, subject, body, status)
     VALUES ($1, $2, $3, $4, 'EMAIL', 'ada@example.test', 's', 'b', $5)`,
    [randomUUID(), orderId, customer, kind, status],
  );
}

/**
 * A consistent world: 10 stocked; one order confirmed and sold, one cancelled and released, one
 * returned with its unit back on hand and one refunded without restock.
 */
async function consistentWorld() {
  await db.query(
    'TRUNCATE orders.orders, inventory.stock_items, inventory.reservations, inventory.stock_movements, payments.payments, payments.refunds, notifications.notifications CASCADE',
  );
  await db.query(
    'INSERT INTO inventory.stock_items (product_id, on_hand, reserved) VALUES ($1, 8, 0)',
    [product],
  );
  await movement('SET', 10, 0);

  const confirmed = await order('CONFIRMED');
  await movement('RESERVE', 0, 2);
  await movement('COMMIT', -2, -2);
  await reservation(confirmed, 'COMMITTED', 2);
  await payment(confirmed, 'SUCCEEDED');
  await notification(confirmed, 'ORDER_CONFIRMED');

  const cancelled = await order('CANCELLED', 'payment_declined');
  await movement('RESERVE', 0, 1);
  await movement('RELEASE', 0, -1);
  await reservation(cancelled, 'RELEASED');
  await payment(cancelled, 'FAILED');
  await notification(cancelled, 'ORDER_CANCELLED');

  const returned = await order('REFUNDED');
  await movement('RESERVE', 0, 1);
  await movement('COMMIT', -1, -1);
  await movement('RETURN', 1, 0);
  await reservation(returned, 'RETURNED');
  await refund(await payment(returned, 'REFUNDED'), true);
  await notification(returned, 'ORDER_CONFIRMED');
  await notification(returned, 'ORDER_REFUNDED');

  const refundedOnly = await order('REFUNDED');
  await db.query('UPDATE inventory.stock_items SET on_hand = on_hand - 1 WHERE product_id = $1', [
    product,
  ]);
  await movement('RESERVE', 0, 1);
  await movement('COMMIT', -1, -1);
  await reservation(refundedOnly, 'COMMITTED');
  await refund(await payment(refundedOnly, 'REFUNDED'), false);
  await notification(refundedOnly, 'ORDER_CONFIRMED');
  await notification(refundedOnly, 'ORDER_REFUNDED');
  return { confirmed, cancelled, returned, refundedOnly };
}

const failing = async () =>
  (await checkInvariants(infra.postgres.adminUrl))
    .filter((result) => result.violations.length > 0)
    .map((result) => result.check.name);

describe('invariants', () => {
  let world: Awaited<ReturnType<typeof consistentWorld>>;
  beforeEach(async () => {
    world = await consistentWorld();
  });

  it('finds nothing wrong in a consistent world', async () => {
    expect(await failing()).toEqual([]);
  });

  it('catches stock that appeared or vanished', async () => {
    await db.query('UPDATE inventory.stock_items SET on_hand = on_hand + 1');
    expect(await failing()).toEqual(['stock conserved']);
  });

  it('catches a reservation count that disagrees with open reservations', async () => {
    await reservation(randomUUID(), 'RESERVED', 3);
    expect(await failing()).toEqual(['stock conserved']);
  });

  it('catches a cancelled order whose charge was kept', async () => {
    await db.query("UPDATE payments.payments SET status = 'SUCCEEDED' WHERE order_id = $1", [
      world.cancelled,
    ]);
    expect(await failing()).toEqual(['cancelled orders compensated']);
  });

  it('catches a confirmed order without a committed reservation', async () => {
    await db.query("UPDATE inventory.reservations SET status = 'RESERVED' WHERE order_id = $1", [
      world.confirmed,
    ]);
    expect(await failing()).toContain('confirmed orders settled');
  });

  it('catches a refund of a confirmed order that never reached order-service', async () => {
    await db.query("UPDATE payments.payments SET status = 'REFUNDED' WHERE order_id = $1", [
      world.confirmed,
    ]);
    const [paid] = (
      await db.query('SELECT id FROM payments.payments WHERE order_id = $1', [world.confirmed])
    ).rows;
    await refund(paid.id, false);
    expect(await failing()).toEqual(['confirmed orders settled']);
  });

  it('leaves a refund of a confirmed order alone while it is on its way', async () => {
    await db.query("UPDATE payments.payments SET status = 'REFUNDED' WHERE order_id = $1", [
      world.confirmed,
    ]);
    const [paid] = (
      await db.query('SELECT id FROM payments.payments WHERE order_id = $1', [world.confirmed])
    ).rows;
    await refund(paid.id, false, 'now()');
    expect(await failing()).toEqual([]);
  });

  it('catches a restocking refund whose units did not come back, and the reverse', async () => {
    await db.query("UPDATE inventory.reservations SET status = 'COMMITTED' WHERE order_id = $1", [
      world.returned,
    ]);
    await db.query("UPDATE inventory.reservations SET status = 'RETURNED' WHERE order_id = $1", [
      world.refundedOnly,
    ]);
    const results = await checkInvariants(infra.postgres.adminUrl);
    const returned = results.find((r) => r.check.name === 'refunded orders returned');
    expect(returned?.violations).toHaveLength(2);
  });

  it('catches units back on hand for an order that is not refunded', async () => {
    await db.query(
      `UPDATE inventory.reservations SET status = 'RETURNED', updated_at = ${old} WHERE order_id = $1`,
      [world.confirmed],
    );
    expect(await failing()).toEqual(
      expect.arrayContaining(['confirmed orders settled', 'refunded orders returned']),
    );
  });

  it('catches a returned order whose customer did not hear of the refund', async () => {
    await db.query(
      "DELETE FROM notifications.notifications WHERE order_id = $1 AND kind = 'ORDER_REFUNDED'",
      [world.returned],
    );
    expect(await failing()).toEqual(['one notification per terminal order']);
  });

  it('catches a missing and a doubled notification', async () => {
    await db.query('DELETE FROM notifications.notifications WHERE order_id = $1', [
      world.confirmed,
    ]);
    await notification(world.cancelled, 'ORDER_CONFIRMED');
    const results = await checkInvariants(infra.postgres.adminUrl);
    const notified = results.find((r) => r.check.name === 'one notification per terminal order');
    expect(notified?.violations).toHaveLength(2);
  });

  it('catches an order stuck in progress past the deadline', async () => {
    await order('PENDING');
    expect(await failing()).toEqual(['no order stuck']);
  });

  it('leaves a young order in progress alone', async () => {
    await db.query(
      `INSERT INTO orders.orders (id, customer_id, customer_email, status, total_amount, total_currency)
       VALUES ($1, $2, 'ada@example.test', 'PENDING', 1000, 'EUR')`,
      [randomUUID(), customer],
    );
    expect(await failing()).toEqual([]);
  });
});
