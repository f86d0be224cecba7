import { randomUUID } from 'node:crypto';
import {
  createEvent,
  NonRetryableEventError,
  PaymentRefunded,
  PaymentSucceeded,
} from '@ecommerce/events';
import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { onPaymentRefunded } from '../src/events/on-payment-refunded.ts';
import { onPaymentSucceeded } from '../src/events/on-payment-succeeded.ts';
import { transactionWithAfterCommit } from '../src/saga/after-commit.ts';
import { startFakeProductService } from './support/fake-product-service.ts';
import { migrate, startOrderService } from './support/order-service.ts';

const infra = await isolatedInfra();
await migrate(infra);
const catalog = await startFakeProductService();
const service = await startOrderService(infra, { productServiceUrl: catalog.url });
const { app, db } = service;
const product = catalog.addProduct();
const ada = await service.customer();
const noMetrics = { ended: () => {} };
const paymentId = randomUUID();

async function placeOrder(): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/orders',
    headers: { authorization: ada.authorization },
    payload: { lines: [{ productId: product.id, quantity: 1 }] },
  });
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

const delivery = (topic: string) => ({ topic, partition: 0, offset: '0', attempt: 1 });

async function paymentSucceeded(orderId: string): Promise<void> {
  const event = createEvent(PaymentSucceeded, {
    source: 'payment-service',
    subject: orderId,
    data: { orderId, paymentId, amount: product.price, providerReference: 'sim_1' },
  });
  await transactionWithAfterCommit(db, (tx) =>
    onPaymentSucceeded(noMetrics)(event, tx, delivery(PaymentSucceeded.topic)),
  );
}

function refundedEvent(orderId: string, restock: boolean | undefined) {
  return createEvent(PaymentRefunded, {
    source: 'payment-service',
    subject: orderId,
    data: {
      orderId,
      paymentId,
      refundId: randomUUID(),
      amount: product.price,
      ...(restock === undefined ? {} : { restock }),
    },
  });
}

async function handleRefund(event: ReturnType<typeof refundedEvent>): Promise<void> {
  await transactionWithAfterCommit(db, (tx) =>
    onPaymentRefunded(noMetrics)(event, tx, delivery(PaymentRefunded.topic)),
  );
}

async function outbox(orderId: string) {
  const rows = await db.outboxEvent.findMany({
    where: { key: orderId },
    orderBy: { sequence: 'asc' },
  });
  return rows.map((row) => row.payload as { type: string; data: Record<string, unknown> });
}

async function timeline(orderId: string) {
  const response = await app.inject({
    url: `/orders/${orderId}/timeline`,
    headers: { authorization: ada.authorization },
  });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    status: string;
    steps: { step: string; status: string; reason?: string }[];
  };
}

describe('a refund of a confirmed order (a return)', () => {
  it('moves it to REFUNDED and announces order.refunded with what came back, once', async () => {
    const orderId = await placeOrder();
    await paymentSucceeded(orderId);
    const refund = refundedEvent(orderId, true);
    await handleRefund(refund);
    // The same event again (a redelivery the inbox did not catch) changes nothing.
    await handleRefund(refund);

    const events = await outbox(orderId);
    expect(events.map((event) => event.type)).toEqual([
      'order.created.v1',
      'order.confirmed.v1',
      'order.refunded.v1',
    ]);
    expect(events[2]?.data).toEqual({
      orderId,
      customerId: ada.userId,
      customerEmail: `${ada.userId}@example.test`,
      refundId: refund.data.refundId,
      amount: product.price,
      restock: true,
    });
    const { status, steps } = await timeline(orderId);
    expect(status).toBe('REFUNDED');
    expect(steps.slice(3)).toMatchObject([
      { step: 'payment.refunded', status: 'REFUNDED' },
      { step: 'order.refunded', status: 'REFUNDED', reason: 'units_restocked' },
      { step: 'payment.refunded', status: 'REFUNDED', reason: 'ignored: the order is REFUNDED' },
    ]);
    const read = await app.inject({
      url: `/orders/${orderId}`,
      headers: { authorization: ada.authorization },
    });
    expect(read.json()).toMatchObject({ status: 'REFUNDED', cancellationReason: null });
  });

  it('reads an event without restock (written before it existed) as no restock', async () => {
    const orderId = await placeOrder();
    await paymentSucceeded(orderId);
    await handleRefund(refundedEvent(orderId, undefined));
    const refunded = (await outbox(orderId)).find((event) => event.type === 'order.refunded.v1');
    expect(refunded?.data).toMatchObject({ restock: false });
    expect((await timeline(orderId)).steps.at(-1)).toMatchObject({
      step: 'order.refunded',
      reason: 'units_not_restocked',
    });
  });

  it('holds a refund read before the confirmation and returns the order once confirmed', async () => {
    const orderId = await placeOrder();
    await handleRefund(refundedEvent(orderId, false));
    expect((await timeline(orderId)).steps.at(-1)).toMatchObject({
      step: 'payment.refunded',
      status: 'PENDING',
      reason: 'held: the order is returned once it is confirmed',
    });
    await paymentSucceeded(orderId);
    expect((await outbox(orderId)).map((event) => event.type)).toEqual([
      'order.created.v1',
      'order.confirmed.v1',
      'order.refunded.v1',
    ]);
    const { status, steps } = await timeline(orderId);
    expect(status).toBe('REFUNDED');
    expect(steps.map((step) => `${step.step} ${step.status}`).slice(-4)).toEqual([
      'payment.succeeded CONFIRMED',
      'order.confirmed CONFIRMED',
      'payment.refunded REFUNDED',
      'order.refunded REFUNDED',
    ]);
  });

  it('changes nothing for a cancelled order: that refund is its compensation', async () => {
    const orderId = await placeOrder();
    const cancel = await app.inject({
      method: 'POST',
      url: `/orders/${orderId}/cancel`,
      headers: { authorization: ada.authorization },
    });
    expect(cancel.statusCode).toBe(200);
    await handleRefund(refundedEvent(orderId, false));
    expect((await outbox(orderId)).map((event) => event.type)).toEqual([
      'order.created.v1',
      'order.cancelled.v1',
    ]);
    const { status, steps } = await timeline(orderId);
    expect(status).toBe('CANCELLED');
    expect(steps.at(-1)).toMatchObject({
      step: 'payment.refunded',
      reason: 'ignored: the order is CANCELLED',
    });
  });

  it('sends the refund of an unknown order to the dead-letter topic', async () => {
    await expect(handleRefund(refundedEvent(randomUUID(), true))).rejects.toBeInstanceOf(
      NonRetryableEventError,
    );
  });

  it('answers 409 to a customer cancelling a returned order', async () => {
    const orderId = await placeOrder();
    await paymentSucceeded(orderId);
    await handleRefund(refundedEvent(orderId, true));
    const cancel = await app.inject({
      method: 'POST',
      url: `/orders/${orderId}/cancel`,
      headers: { authorization: ada.authorization },
    });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json()).toMatchObject({ orderStatus: 'REFUNDED' });
  });
});
