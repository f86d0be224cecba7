import { createEvent, PaymentSucceeded } from '@ecommerce/events';
import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { onInventoryReserved } from '../src/events/on-inventory-reserved.ts';
import { onPaymentSucceeded } from '../src/events/on-payment-succeeded.ts';
import { transactionWithAfterCommit } from '../src/saga/after-commit.ts';
import { createDeadlineSweeper } from '../src/saga/deadline-sweeper.ts';
import { startFakeProductService } from './support/fake-product-service.ts';
import { migrate, startOrderService } from './support/order-service.ts';

const infra = await isolatedInfra();
await migrate(infra);
const catalog = await startFakeProductService();
const service = await startOrderService(infra, { productServiceUrl: catalog.url });
const { app, db } = service;
const product = catalog.addProduct();
const ada = await service.customer();

async function placeOrder(): Promise<{ id: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/orders',
    headers: { authorization: ada.authorization },
    payload: { lines: [{ productId: product.id, quantity: 1 }] },
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

async function outboxTypes(orderId: string): Promise<string[]> {
  const rows = await db.outboxEvent.findMany({
    where: { key: orderId },
    orderBy: { sequence: 'asc' },
  });
  return rows.map((row) => row.type);
}

async function timeline(orderId: string) {
  const response = await app.inject({
    url: `/orders/${orderId}/timeline`,
    headers: { authorization: ada.authorization },
  });
  expect(response.statusCode).toBe(200);
  return response.json();
}

const noMetrics = { ended: () => {} };

function paymentSucceeded(orderId: string) {
  return createEvent(PaymentSucceeded, {
    source: 'payment-service',
    subject: orderId,
    data: {
      orderId,
      paymentId: crypto.randomUUID(),
      amount: product.price,
      providerReference: 'sim_1',
    },
  });
}

describe('the order saga in order-service', () => {
  it('announces order.created with the customer’s email from the token', async () => {
    const order = await placeOrder();
    const [created] = await db.outboxEvent.findMany({ where: { key: order.id } });
    expect(created?.payload).toMatchObject({
      type: 'order.created.v1',
      data: { orderId: order.id, customerEmail: `${ada.userId}@example.test` },
    });
  });

  it('confirms on payment.succeeded and announces order.confirmed, all on the timeline', async () => {
    const order = await placeOrder();
    const payment = paymentSucceeded(order.id);
    await transactionWithAfterCommit(db, (tx) =>
      onPaymentSucceeded(noMetrics)(payment, tx, {
        topic: 'payment.succeeded.v1',
        partition: 0,
        offset: '0',
        attempt: 1,
      }),
    );
    expect(await outboxTypes(order.id)).toEqual(['order.created.v1', 'order.confirmed.v1']);
    expect(await timeline(order.id)).toMatchObject({
      orderId: order.id,
      status: 'CONFIRMED',
      steps: [
        { step: 'order.created', status: 'PENDING' },
        { step: 'payment.succeeded', status: 'CONFIRMED' },
        { step: 'order.confirmed', status: 'CONFIRMED' },
      ],
    });
  });

  it('counts an order in saga_outcomes_total once, though a first attempt rolled back', async () => {
    const order = await placeOrder();
    const ended: string[] = [];
    const metrics = { ended: (outcome: { outcome: string }) => ended.push(outcome.outcome) };
    const payment = paymentSucceeded(order.id);
    const delivery = { topic: 'payment.succeeded.v1', partition: 0, offset: '1', attempt: 1 };
    // The first attempt confirms the order, then its transaction fails (the inbox row, say).
    await expect(
      transactionWithAfterCommit(db, async (tx) => {
        await onPaymentSucceeded(metrics)(payment, tx, delivery);
        throw new Error('the transaction fails after the transition');
      }),
    ).rejects.toThrow('fails after the transition');
    expect(ended).toEqual([]);
    await transactionWithAfterCommit(db, (tx) =>
      onPaymentSucceeded(metrics)(payment, tx, { ...delivery, attempt: 2 }),
    );
    expect(ended).toEqual(['confirmed']);
  });

  it('keeps an event the order no longer accepts on the timeline as ignored', async () => {
    const order = await placeOrder();
    await app.inject({
      method: 'POST',
      url: `/orders/${order.id}/cancel`,
      headers: { authorization: ada.authorization },
    });
    const late = {
      specversion: '1.0' as const,
      id: crypto.randomUUID(),
      source: 'inventory-service',
      type: 'inventory.reserved.v1' as const,
      time: new Date().toISOString(),
      subject: order.id,
      datacontenttype: 'application/json' as const,
      data: {
        orderId: order.id,
        reservationId: crypto.randomUUID(),
        customerId: ada.userId,
        lines: [{ productId: product.id, quantity: 1 }],
        total: product.price,
      },
    };
    await transactionWithAfterCommit(db, (tx) =>
      onInventoryReserved(noMetrics)(late, tx, {
        topic: 'inventory.reserved.v1',
        partition: 0,
        offset: '0',
        attempt: 1,
      }),
    );
    const { steps } = await timeline(order.id);
    expect(steps.map((s: { step: string }) => s.step)).toEqual([
      'order.created',
      'customer_cancelled',
      'order.cancelled',
      'inventory.reserved',
    ]);
    expect(steps[3]).toMatchObject({
      status: 'CANCELLED',
      reason: 'ignored: the order is CANCELLED',
    });
  });

  it('announces order.cancelled when the customer cancels', async () => {
    const order = await placeOrder();
    await app.inject({
      method: 'POST',
      url: `/orders/${order.id}/cancel`,
      headers: { authorization: ada.authorization },
    });
    const cancelled = await db.outboxEvent.findMany({
      where: { key: order.id, type: 'order.cancelled.v1' },
    });
    expect(cancelled.map((row) => row.payload)).toMatchObject([
      { data: { orderId: order.id, reason: 'customer_cancelled' } },
    ]);
  });

  it('cancels orders past the saga deadline (timeout) and announces it, once', async () => {
    const order = await placeOrder();
    const sweeper = createDeadlineSweeper({
      db,
      deadlineMs: 1,
      intervalMs: 1_000,
      metrics: noMetrics,
      onError: (error) => {
        throw error;
      },
    });
    await expect.poll(() => sweeper.sweep(), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await sweeper.sweep()).toBe(0);
    const read = await app.inject({
      url: `/orders/${order.id}`,
      headers: { authorization: ada.authorization },
    });
    expect(read.json()).toMatchObject({ status: 'CANCELLED', cancellationReason: 'timeout' });
    expect(await outboxTypes(order.id)).toEqual(['order.created.v1', 'order.cancelled.v1']);
  });

  it('leaves orders within the deadline alone', async () => {
    const order = await placeOrder();
    const sweeper = createDeadlineSweeper({
      db,
      deadlineMs: 3_600_000,
      intervalMs: 1_000,
      metrics: noMetrics,
      onError: () => {},
    });
    expect(await sweeper.sweep()).toBe(0);
    expect(await outboxTypes(order.id)).toEqual(['order.created.v1']);
  });

  it('answers 404 for the timeline of someone else’s order', async () => {
    const order = await placeOrder();
    const alan = await service.customer();
    const response = await app.inject({
      url: `/orders/${order.id}/timeline`,
      headers: { authorization: alan.authorization },
    });
    expect(response.statusCode).toBe(404);
  });
});
