import { randomUUID } from 'node:crypto';
import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { startFakeProductService } from './support/fake-product-service.ts';
import { migrate, startOrderService } from './support/order-service.ts';

const infra = await isolatedInfra();
await migrate(infra);
const catalog = await startFakeProductService();
const service = await startOrderService(infra, { productServiceUrl: catalog.url });
const { app } = service;
const product = catalog.addProduct({ price: { amount: 100, currency: 'EUR' } });

async function placeOrder(authorization: string, quantity = 1) {
  const response = await app.inject({
    method: 'POST',
    url: '/orders',
    headers: { authorization },
    payload: { lines: [{ productId: product.id, quantity }] },
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

function get(url: string, authorization?: string) {
  return app.inject({ url, headers: authorization ? { authorization } : {} });
}

const ada = await service.customer();
const alan = await service.customer();
const admin = await service.admin();
const adasOrder = await placeOrder(ada.authorization);

describe('GET /orders/:id', () => {
  it('shows the owner their order', async () => {
    const response = await get(`/orders/${adasOrder.id}`, ada.authorization);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(adasOrder);
  });

  it('answers 404 to another customer, as if the order did not exist', async () => {
    const response = await get(`/orders/${adasOrder.id}`, alan.authorization);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('shows any order to an admin', async () => {
    const response = await get(`/orders/${adasOrder.id}`, admin.authorization);
    expect(response.statusCode).toBe(200);
    expect(response.json().customerId).toBe(ada.userId);
  });

  it('answers 404 for an order that does not exist', async () => {
    expect((await get(`/orders/${randomUUID()}`, admin.authorization)).statusCode).toBe(404);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const response = await get('/orders/not-a-uuid', ada.authorization);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ in: 'params', field: 'id' });
  });

  it('answers 401 without a token, whatever identity headers say', async () => {
    const response = await app.inject({
      url: `/orders/${adasOrder.id}`,
      headers: { 'x-user-id': ada.userId, 'x-user-roles': 'customer' },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('GET /orders', () => {
  const bob = service.customer();
  const placed: string[] = [];

  it('lists the caller’s own orders, newest first, a page at a time', async () => {
    const { authorization } = await bob;
    for (let i = 1; i <= 5; i += 1) placed.push((await placeOrder(authorization, i)).id);
    const newestFirst = [...placed].reverse();

    const first = await get('/orders?pageSize=2', authorization);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ page: 1, pageSize: 2, total: 5 });
    expect(first.json().items.map((order: { id: string }) => order.id)).toEqual(
      newestFirst.slice(0, 2),
    );

    const second = await get('/orders?pageSize=2&page=2', authorization);
    expect(second.json().items.map((order: { id: string }) => order.id)).toEqual(
      newestFirst.slice(2, 4),
    );

    const last = await get('/orders?pageSize=2&page=3', authorization);
    expect(last.json().items.map((order: { id: string }) => order.id)).toEqual(
      newestFirst.slice(4),
    );

    const beyond = await get('/orders?pageSize=2&page=4', authorization);
    expect(beyond.json()).toMatchObject({ items: [], total: 5 });
  });

  it('shows a customer none of the other customers’ orders', async () => {
    const response = await get('/orders', ada.authorization);
    const customers = new Set(
      response.json().items.map((order: { customerId: string }) => order.customerId),
    );
    expect([...customers]).toEqual([ada.userId]);
  });

  it('lets an admin see everyone’s orders, or filter by customer', async () => {
    const everyone = await get('/orders?pageSize=100', admin.authorization);
    expect(everyone.json().total).toBe(6);
    const bobs = await get(`/orders?customerId=${(await bob).userId}`, admin.authorization);
    expect(bobs.json().total).toBe(5);
    expect(
      bobs
        .json()
        .items.every(
          (order: { customerId: string }) => order.customerId === bobs.json().items[0].customerId,
        ),
    ).toBe(true);
  });

  it('answers 403 when a customer asks for another customer’s orders', async () => {
    const response = await get(`/orders?customerId=${ada.userId}`, alan.authorization);
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('lets a customer name themselves as the customer', async () => {
    const response = await get(`/orders?customerId=${ada.userId}`, ada.authorization);
    expect(response.statusCode).toBe(200);
    expect(response.json().total).toBe(1);
  });

  it.each(['page=0', 'pageSize=0', 'pageSize=101', 'customerId=nope', 'page=two'])(
    'answers 400 for %s',
    async (query) => {
      const response = await get(`/orders?${query}`, ada.authorization);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    },
  );

  it('answers 401 without a token', async () => {
    expect((await get('/orders')).statusCode).toBe(401);
  });
});
