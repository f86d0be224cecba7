import { randomUUID } from 'node:crypto';
import { checkInvariants } from '@ecommerce/invariants';
import { call, isolatedInfra, type ServiceName } from '@ecommerce/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type RunningSystem, startSystem } from './system.ts';

const infra = await isolatedInfra();
let system: RunningSystem;
let adminToken: string;

/** Waits for the saga: polls up to 20 s, never sleeps a fixed time. */
const eventually = { timeout: 20_000, interval: 200 };

// Every call goes through the gateway, as a client's would: /api + the service's own path.
const url = (_service: keyof RunningSystem['services'], path: string) =>
  `${system.gateway.url}/api${path}`;

async function login(email: string, password: string): Promise<string> {
  const response = await call(url('user-service', '/auth/login'), { body: { email, password } });
  expect(response.status).toBe(200);
  return response.body.accessToken;
}

async function newCustomer(): Promise<{ id: string; email: string; token: string }> {
  const customer = { email: `${randomUUID()}@saga.test`, password: 'saga-customer-password' };
  const registered = await call(url('user-service', '/auth/register'), { body: customer });
  expect(registered.status).toBe(201);
  const token = await login(customer.email, customer.password);
  const me = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
  return { id: me.sub, email: customer.email, token };
}

async function newProduct(onHand: number, amount = 1999): Promise<string> {
  const created = await call(url('product-service', '/products'), {
    token: adminToken,
    body: {
      sku: `SAGA-${randomUUID().slice(0, 8)}`,
      name: 'Saga test mug',
      description: 'A mug that exists only in this test.',
      category: 'kitchen',
      price: { amount, currency: 'EUR' },
    },
  });
  expect(created.status).toBe(201);
  const stock = await call(url('inventory-service', `/inventory/${created.body.id}`), {
    method: 'PUT',
    token: adminToken,
    body: { onHand },
  });
  expect(stock.status).toBe(201);
  return created.body.id;
}

async function placeOrder(
  token: string,
  productId: string,
  quantity: number,
  headers: Record<string, string> = {},
) {
  // As a careful client does: an Idempotency-Key, so that a 503 (a restarted order-service not
  // yet back behind the gateway) can be retried without placing the order twice.
  const request = {
    token,
    headers: { 'idempotency-key': randomUUID(), ...headers },
    body: { lines: [{ productId, quantity }] },
  };
  const deadline = Date.now() + eventually.timeout;
  let placed = await call(url('order-service', '/orders'), request);
  while (placed.status === 503 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, eventually.interval));
    placed = await call(url('order-service', '/orders'), request);
  }
  expect(placed.status).toBe(201);
  return placed;
}

const order = async (token: string, id: string) =>
  (await call(url('order-service', `/orders/${id}`), { token })).body;
const status = async (token: string, id: string) => (await order(token, id)).status;
const stock = async (productId: string) =>
  (await call(url('inventory-service', `/inventory/${productId}`))).body;
const payments = async (token: string, orderId: string) => {
  const response = await call(url('payment-service', `/payments?orderId=${orderId}`), { token });
  // A restarted payment-service is back behind the gateway within its health-check interval.
  if (response.status !== 200) throw new Error(`GET /payments: ${response.status}`);
  return response.body.items;
};
const notifications = async (token: string, orderId: string) =>
  (
    await call(url('notification-service', '/notifications?pageSize=100'), { token })
  ).body.items.filter((n: { orderId: string }) => n.orderId === orderId);
const timelineSteps = async (token: string, id: string): Promise<string[]> =>
  (await call(url('order-service', `/orders/${id}/timeline`), { token })).body.steps.map(
    (s: { step: string }) => s.step,
  );

/** Whether `consumer` has handled the order's event of `type`, which `producer` published. */
async function handled(
  producer: ServiceName,
  type: string,
  consumer: ServiceName,
  orderId: string,
): Promise<boolean> {
  const { rows } = await infra.postgres
    .pool(producer)
    .query('SELECT id FROM outbox_events WHERE key = $1 AND type = $2', [orderId, type]);
  if (rows.length === 0) return false;
  const inbox = await infra.postgres
    .pool(consumer)
    .query('SELECT 1 FROM inbox_events WHERE consumer = $1 AND event_id = $2', [
      consumer,
      rows[0].id,
    ]);
  return inbox.rowCount === 1;
}

/**
 * Whether payment-service has handled both the order's inventory.reserved and its
 * order.cancelled, so whatever it will ever do about the order is done.
 */
async function paymentSawReservationAndCancellation(orderId: string): Promise<boolean> {
  if (!(await handled('inventory-service', 'inventory.reserved.v1', 'payment-service', orderId))) {
    return false;
  }
  const payment = infra.postgres.pool('payment-service');
  const cancelled = await payment.query('SELECT 1 FROM cancelled_orders WHERE order_id = $1', [
    orderId,
  ]);
  return cancelled.rowCount === 1;
}

/** The status of the order's reservation, as inventory-service keeps it. */
async function reservationOf(orderId: string): Promise<string | undefined> {
  const inventory = infra.postgres.pool('inventory-service');
  const { rows } = await inventory.query('SELECT status FROM reservations WHERE order_id = $1', [
    orderId,
  ]);
  return rows[0]?.status;
}

/**
 * A cancelled order is never charged, or, when payment read inventory.reserved before
 * order.cancelled (two topics, no order between them), charged and refunded.
 */
async function expectNoChargeKept(token: string, orderId: string) {
  await expect.poll(() => paymentSawReservationAndCancellation(orderId), eventually).toBe(true);
  await expect
    .poll(
      async () =>
        (await payments(token, orderId)).filter((p: { status: string }) => p.status !== 'REFUNDED'),
      eventually,
    )
    .toEqual([]);
}

beforeAll(async () => {
  system = await startSystem(infra);
  adminToken = await login(admin.email, admin.password);
}, 240_000);

afterAll(async () => {
  const exits = await system?.stop();
  // Graceful shutdown on SIGTERM, consumers and relays included: every service exits 0.
  expect(exits && Object.values(exits).every((code) => code === 0)).toBe(true);
}, 90_000);

describe('the order saga, every service a process', () => {
  it('confirms an order: stock committed, one payment, one notification', async () => {
    const customer = await newCustomer();
    const productId = await newProduct(5);
    const placed = await placeOrder(customer.token, productId, 2);
    expect(placed.body.status).toBe('PENDING');
    const id = placed.body.id;

    await expect.poll(() => status(customer.token, id), eventually).toBe('CONFIRMED');
    await expect
      .poll(() => stock(productId), eventually)
      .toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    expect(await payments(customer.token, id)).toMatchObject([
      { status: 'SUCCEEDED', amount: { amount: 3998, currency: 'EUR' } },
    ]);
    await expect
      .poll(() => notifications(customer.token, id), eventually)
      .toMatchObject([{ kind: 'ORDER_CONFIRMED', status: 'SENT', recipient: customer.email }]);
    expect(await timelineSteps(customer.token, id)).toEqual([
      'order.created',
      'inventory.reserved',
      'payment.succeeded',
      'order.confirmed',
    ]);
    const cancel = await call(url('order-service', `/orders/${id}/cancel`), {
      method: 'POST',
      token: customer.token,
    });
    expect(cancel.status).toBe(409);
  });

  it.each([
    { restock: true, onHand: 5, reservation: 'RETURNED' },
    { restock: false, onHand: 3, reservation: 'COMMITTED' },
  ])(
    'returns a confirmed order refunded with restock $restock: REFUNDED, $onHand on hand, on the timeline',
    async ({ restock, onHand, reservation }) => {
      const customer = await newCustomer();
      const productId = await newProduct(5);
      const { id } = (await placeOrder(customer.token, productId, 2)).body;
      await expect.poll(() => status(customer.token, id), eventually).toBe('CONFIRMED');
      await expect
        .poll(() => stock(productId), eventually)
        .toMatchObject({ onHand: 3, reserved: 0 });

      const refundUrl = url('payment-service', `/payments/${id}/refund`);
      const refund = await call(refundUrl, { token: adminToken, body: { restock } });
      expect(refund.status).toBe(201);
      expect(refund.body).toMatchObject({
        status: 'REFUNDED',
        refund: { restock, amount: { amount: 3998, currency: 'EUR' } },
      });
      const again = await call(refundUrl, { token: adminToken, body: { restock: !restock } });
      expect(again.status).toBe(200);
      expect(again.body.refund).toMatchObject({ id: refund.body.refund.id, restock });

      await expect.poll(() => status(customer.token, id), eventually).toBe('REFUNDED');
      await expect.poll(() => reservationOf(id), eventually).toBe(reservation);
      await expect
        .poll(
          () => handled('payment-service', 'payment.refunded.v1', 'inventory-service', id),
          eventually,
        )
        .toBe(true);
      expect(await stock(productId)).toMatchObject({ onHand, reserved: 0, available: onHand });
      expect(await timelineSteps(customer.token, id)).toEqual([
        'order.created',
        'inventory.reserved',
        'payment.succeeded',
        'order.confirmed',
        'payment.refunded',
        'order.refunded',
      ]);
      await expect
        .poll(
          async () =>
            (await notifications(customer.token, id))
              .map((n: { kind: string; status: string }) => `${n.kind} ${n.status}`)
              .sort(),
          eventually,
        )
        .toEqual(['ORDER_CONFIRMED SENT', 'ORDER_REFUNDED SENT']);
      const cancel = await call(url('order-service', `/orders/${id}/cancel`), {
        method: 'POST',
        token: customer.token,
      });
      expect(cancel.status).toBe(409);
    },
  );

  it('cancels an order out of stock: no payment, no stock change, a cancellation notice', async () => {
    const customer = await newCustomer();
    const productId = await newProduct(1);
    const { id } = (await placeOrder(customer.token, productId, 2)).body;

    await expect
      .poll(() => order(customer.token, id), eventually)
      .toMatchObject({ status: 'CANCELLED', cancellationReason: 'out_of_stock' });
    await expect
      .poll(() => notifications(customer.token, id), eventually)
      .toMatchObject([{ kind: 'ORDER_CANCELLED', status: 'SENT' }]);
    expect(await stock(productId)).toMatchObject({ onHand: 1, reserved: 0 });
    expect(await payments(customer.token, id)).toEqual([]);
  });

  it('runs one saga for a re-submitted order with the same Idempotency-Key', async () => {
    const customer = await newCustomer();
    const productId = await newProduct(10);
    const key = { 'idempotency-key': randomUUID() };
    const first = await placeOrder(customer.token, productId, 3, key);
    const again = await placeOrder(customer.token, productId, 3, key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);

    await expect.poll(() => status(customer.token, first.body.id), eventually).toBe('CONFIRMED');
    await expect.poll(() => stock(productId), eventually).toMatchObject({ onHand: 7, reserved: 0 });
    const listed = await call(url('order-service', '/orders'), { token: customer.token });
    expect(listed.body.total).toBe(1);
    expect(await payments(customer.token, first.body.id)).toHaveLength(1);
    await expect
      .poll(() => notifications(customer.token, first.body.id), eventually)
      .toHaveLength(1);
  });

  it('cancels an order whose payment is declined and releases its stock', async () => {
    const customer = await newCustomer();
    await system.restart('payment-service', {
      PAYMENT_CUSTOMER_TOKENS: `${customer.id}=tok_chargeDeclined`,
    });
    const productId = await newProduct(4);
    const { id } = (await placeOrder(customer.token, productId, 2)).body;

    await expect
      .poll(() => order(customer.token, id), eventually)
      .toMatchObject({ status: 'CANCELLED', cancellationReason: 'payment_declined' });
    await expect
      .poll(() => stock(productId), eventually)
      .toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    // Polled: the gateway takes the restarted payment-service back within its health interval.
    await expect
      .poll(() => payments(customer.token, id), eventually)
      .toMatchObject([{ status: 'FAILED', failureReason: 'declined' }]);
    await expect
      .poll(() => notifications(customer.token, id), eventually)
      .toMatchObject([{ kind: 'ORDER_CANCELLED', status: 'SENT' }]);
  });

  it('compensates a customer cancel before confirmation, and never charges it later', async () => {
    const customer = await newCustomer();
    const productId = await newProduct(5);
    await system.stopService('payment-service');
    const { id } = (await placeOrder(customer.token, productId, 2)).body;
    await expect.poll(() => status(customer.token, id), eventually).toBe('STOCK_RESERVED');
    expect(await stock(productId)).toMatchObject({ onHand: 5, reserved: 2 });

    const cancelled = await call(url('order-service', `/orders/${id}/cancel`), {
      method: 'POST',
      token: customer.token,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'customer_cancelled',
    });
    await expect.poll(() => stock(productId), eventually).toMatchObject({ onHand: 5, reserved: 0 });
    await expect
      .poll(() => notifications(customer.token, id), eventually)
      .toMatchObject([{ kind: 'ORDER_CANCELLED', status: 'SENT' }]);

    await system.startService('payment-service');
    await expectNoChargeKept(customer.token, id);
  });

  it('cancels an order that outlives the saga deadline (timeout) and never charges it', async () => {
    await system.restart('order-service', { SAGA_DEADLINE_MS: '3000' });
    await system.stopService('payment-service');
    const customer = await newCustomer();
    const productId = await newProduct(5);
    const { id } = (await placeOrder(customer.token, productId, 1)).body;

    await expect
      .poll(() => order(customer.token, id), eventually)
      .toMatchObject({ status: 'CANCELLED', cancellationReason: 'timeout' });
    await expect.poll(() => stock(productId), eventually).toMatchObject({ onHand: 5, reserved: 0 });
    expect(await timelineSteps(customer.token, id)).toEqual(
      expect.arrayContaining(['order.created', 'deadline_passed', 'order.cancelled']),
    );

    await system.startService('payment-service');
    await expectNoChargeKept(customer.token, id);
  });

  it('leaves every invariant of the saga holding (pnpm invariants)', async () => {
    const violations = async () =>
      (await checkInvariants(infra.postgres.adminUrl)).flatMap((result) =>
        result.violations.map((violation) => `${result.check.name}: ${violation}`),
      );
    // The last compensations (a refund, a release) may still be on their way.
    await expect.poll(violations, eventually).toEqual([]);
  });
});
