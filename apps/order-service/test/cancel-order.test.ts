import { randomUUID } from 'node:crypto';
import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../src/domain/order-state-machine.ts';
import { applyOrderEvent } from '../src/repository/order-repository.ts';
import { startFakeProductService } from './support/fake-product-service.ts';
import { migrate, startOrderService } from './support/order-service.ts';

const infra = await isolatedInfra();
await migrate(infra);
const catalog = await startFakeProductService();
const service = await startOrderService(infra, { productServiceUrl: catalog.url });
const { app, db } = service;
const product = catalog.addProduct();

const ada = await service.customer();
const alan = await service.customer();
const admin = await service.admin();

async function placeOrder(authorization = ada.authorization): Promise<{ id: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/orders',
    headers: { authorization },
    payload: { lines: [{ productId: product.id, quantity: 1 }] },
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

function cancel(orderId: string, authorization?: string) {
  return app.inject({
    method: 'POST',
    url: `/orders/${orderId}/cancel`,
    headers: authorization ? { authorization } : {},
  });
}

function history(orderId: string, authorization: string) {
  return app.inject({ url: `/orders/${orderId}/history`, headers: { authorization } });
}

describe('POST /orders/:id/cancel', () => {
  it('cancels a PENDING order and records the change in its history', async () => {
    const order = await placeOrder();
    const response = await cancel(order.id, ada.authorization);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: order.id,
      status: 'CANCELLED',
      cancellationReason: 'customer_cancelled',
    });

    const timeline = await history(order.id, ada.authorization);
    expect(timeline.statusCode).toBe(200);
    expect(timeline.json()).toMatchObject({
      orderId: order.id,
      entries: [
        { fromStatus: null, toStatus: 'PENDING', reason: 'order_placed' },
        { fromStatus: 'PENDING', toStatus: 'CANCELLED', reason: 'customer_cancelled' },
      ],
    });
    const [placed, cancelled] = timeline.json().entries;
    expect(Date.parse(cancelled.at)).toBeGreaterThanOrEqual(Date.parse(placed.at));
  });

  it('cancels an order whose stock is reserved', async () => {
    const order = await placeOrder();
    await applyOrderEvent(db, order.id, 'stock_reserved');
    const response = await cancel(order.id, ada.authorization);
    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('CANCELLED');
  });

  it('answers 200 again for an order already cancelled, without a second history entry', async () => {
    const order = await placeOrder();
    await cancel(order.id, ada.authorization);
    const again = await cancel(order.id, ada.authorization);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'customer_cancelled',
    });
    expect((await history(order.id, ada.authorization)).json().entries).toHaveLength(2);
  });

  it('keeps the saga’s reason when the order was already cancelled by it', async () => {
    const order = await placeOrder();
    await applyOrderEvent(db, order.id, 'stock_rejected');
    const response = await cancel(order.id, ada.authorization);
    expect(response.statusCode).toBe(200);
    expect(response.json().cancellationReason).toBe('out_of_stock');
  });

  it('answers 409 for a CONFIRMED order and leaves it confirmed', async () => {
    const order = await placeOrder();
    await applyOrderEvent(db, order.id, 'stock_reserved');
    await applyOrderEvent(db, order.id, 'payment_succeeded');

    const response = await cancel(order.id, ada.authorization);
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      title: 'Order cannot be cancelled',
      orderStatus: 'CONFIRMED',
    });

    const read = await app.inject({
      url: `/orders/${order.id}`,
      headers: { authorization: ada.authorization },
    });
    expect(read.json().status).toBe('CONFIRMED');
    expect(
      (await history(order.id, ada.authorization))
        .json()
        .entries.map((entry: { toStatus: string }) => entry.toStatus),
    ).toEqual(['PENDING', 'STOCK_RESERVED', 'CONFIRMED']);
  });

  it('lets an admin cancel a customer’s order', async () => {
    const order = await placeOrder();
    const response = await cancel(order.id, admin.authorization);
    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('CANCELLED');
  });

  it('answers 404 to another customer and leaves the order alone', async () => {
    const order = await placeOrder();
    const response = await cancel(order.id, alan.authorization);
    expect(response.statusCode).toBe(404);
    const read = await app.inject({
      url: `/orders/${order.id}`,
      headers: { authorization: ada.authorization },
    });
    expect(read.json().status).toBe('PENDING');
  });

  it('answers 404 for an unknown order, 400 for a malformed id, 401 without a token', async () => {
    expect((await cancel(randomUUID(), admin.authorization)).statusCode).toBe(404);
    expect((await cancel('123', ada.authorization)).statusCode).toBe(400);
    expect((await cancel(randomUUID())).statusCode).toBe(401);
  });
});

describe('GET /orders/:id/history', () => {
  it('is visible to the owner and admins, and "not found" to anyone else', async () => {
    const order = await placeOrder();
    expect((await history(order.id, ada.authorization)).statusCode).toBe(200);
    expect((await history(order.id, admin.authorization)).statusCode).toBe(200);
    expect((await history(order.id, alan.authorization)).statusCode).toBe(404);
    expect((await history(randomUUID(), admin.authorization)).statusCode).toBe(404);
    const anonymous = await app.inject({ url: `/orders/${order.id}/history` });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('applyOrderEvent', () => {
  it('refuses an event the order’s status does not accept, and changes nothing', async () => {
    const order = await placeOrder();
    await applyOrderEvent(db, order.id, 'deadline_passed');
    await expect(applyOrderEvent(db, order.id, 'payment_succeeded')).rejects.toBeInstanceOf(
      IllegalTransitionError,
    );
    const read = await app.inject({
      url: `/orders/${order.id}`,
      headers: { authorization: ada.authorization },
    });
    expect(read.json()).toMatchObject({ status: 'CANCELLED', cancellationReason: 'timeout' });
  });

  it('returns undefined for an order that does not exist', async () => {
    expect(await applyOrderEvent(db, randomUUID(), 'stock_reserved')).toBeUndefined();
  });

  it('serialises concurrent events on one order: exactly one of two cancellations applies', async () => {
    const order = await placeOrder();
    const outcomes = await Promise.allSettled([
      applyOrderEvent(db, order.id, 'deadline_passed'),
      applyOrderEvent(db, order.id, 'customer_cancelled'),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(IllegalTransitionError);
    expect((await history(order.id, ada.authorization)).json().entries).toHaveLength(2);
  });
});
