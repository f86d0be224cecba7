import { randomUUID } from 'node:crypto';
import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { requestFingerprint } from '../src/domain/request-fingerprint.ts';
import { placeOrder } from '../src/repository/order-repository.ts';
import { startFakeProductService } from './support/fake-product-service.ts';
import { migrate, startOrderService } from './support/order-service.ts';

const infra = await isolatedInfra();
await migrate(infra);
const catalog = await startFakeProductService();
const service = await startOrderService(infra, { productServiceUrl: catalog.url });
const { app } = service;
const pool = infra.postgres.pool('order-service');

const keyboard = catalog.addProduct({ price: { amount: 8999, currency: 'EUR' } });
const mouse = catalog.addProduct({ price: { amount: 3999, currency: 'EUR' } });

function post(authorization: string, key: string, body: unknown) {
  return app.inject({
    method: 'POST',
    url: '/orders',
    headers: { authorization, 'idempotency-key': key },
    payload: body as object,
  });
}

async function ordersOf(customerId: string): Promise<number> {
  const { rows } = await pool.query(
    'SELECT count(*)::int AS n FROM orders WHERE customer_id = $1',
    [customerId],
  );
  return rows[0].n;
}

async function outboxEventsOf(customerId: string): Promise<number> {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM outbox_events WHERE payload->'data'->>'customerId' = $1`,
    [customerId],
  );
  return rows[0].n;
}

describe('POST /orders with an Idempotency-Key', () => {
  it('answers a repeat with the first response, marked as replayed, and creates one order', async () => {
    const ada = await service.customer();
    const key = randomUUID();
    const body = { lines: [{ productId: keyboard.id, quantity: 1 }] };

    const first = await post(ada.authorization, key, body);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const requestsBefore = catalog.state.requests;
    const again = await post(ada.authorization, key, body);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    // The replay is answered from the stored response, without reading prices again.
    expect(catalog.state.requests).toBe(requestsBefore);

    expect(await ordersOf(ada.userId)).toBe(1);
    expect(await outboxEventsOf(ada.userId)).toBe(1);
  });

  it('treats a body with the same meaning (keys in another order) as the same request', async () => {
    const ada = await service.customer();
    const key = randomUUID();
    const first = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: {
        authorization: ada.authorization,
        'idempotency-key': key,
        'content-type': 'application/json',
      },
      payload: `{"lines":[{"productId":"${keyboard.id}","quantity":3}]}`,
    });
    const again = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: {
        authorization: ada.authorization,
        'idempotency-key': key,
        'content-type': 'application/json',
      },
      payload: `{ "lines": [ { "quantity": 3, "productId": "${keyboard.id}" } ] }`,
    });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
  });

  it('replays the response of the moment even after the order moved on', async () => {
    const ada = await service.customer();
    const key = randomUUID();
    const body = { lines: [{ productId: mouse.id, quantity: 1 }] };
    const first = await post(ada.authorization, key, body);
    await app.inject({
      method: 'POST',
      url: `/orders/${first.json().id}/cancel`,
      headers: { authorization: ada.authorization },
    });
    const again = await post(ada.authorization, key, body);
    expect(again.json()).toEqual(first.json());
    expect(again.json().status).toBe('PENDING');
  });

  it('answers 422 when the key is reused with a different body', async () => {
    const ada = await service.customer();
    const key = randomUUID();
    const first = await post(ada.authorization, key, {
      lines: [{ productId: keyboard.id, quantity: 1 }],
    });
    expect(first.statusCode).toBe(201);

    const other = await post(ada.authorization, key, {
      lines: [{ productId: keyboard.id, quantity: 2 }],
    });
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.json()).toMatchObject({ status: 422, title: 'Idempotency-Key reused' });
    expect(await ordersOf(ada.userId)).toBe(1);
  });

  it('forgets a key after 24 hours: the same key then places a new order', async () => {
    const ada = await service.customer();
    const key = randomUUID();
    const body = { lines: [{ productId: keyboard.id, quantity: 1 }] };
    const first = await post(ada.authorization, key, body);
    expect(first.statusCode).toBe(201);
    await pool.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 second'
        WHERE customer_id = $1 AND key = $2`,
      [ada.userId, key],
    );
    const later = await post(ada.authorization, key, body);
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.json().id).not.toBe(first.json().id);
    expect(await ordersOf(ada.userId)).toBe(2);
    // The key now answers with the new order.
    const again = await post(ada.authorization, key, body);
    expect(again.json().id).toBe(later.json().id);
  });

  it('scopes keys to the customer: two customers with one key get two orders', async () => {
    const ada = await service.customer();
    const alan = await service.customer();
    const key = randomUUID();
    const body = { lines: [{ productId: keyboard.id, quantity: 1 }] };
    const adas = await post(ada.authorization, key, body);
    const alans = await post(alan.authorization, key, body);
    expect(alans.statusCode).toBe(201);
    expect(alans.headers['idempotent-replayed']).toBeUndefined();
    expect(alans.json().id).not.toBe(adas.json().id);
    expect(alans.json().customerId).toBe(alan.userId);
  });

  it('creates one order when requests with the same key arrive at the same time', async () => {
    const ada = await service.customer();
    const key = randomUUID();
    const body = {
      lines: [
        { productId: keyboard.id, quantity: 1 },
        { productId: mouse.id, quantity: 2 },
      ],
    };
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => post(ada.authorization, key, body)),
    );

    expect(responses.map((response) => response.statusCode)).toEqual(Array(6).fill(201));
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    expect(await ordersOf(ada.userId)).toBe(1);
    expect(await outboxEventsOf(ada.userId)).toBe(1);
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM order_status_history h JOIN orders o ON o.id = h.order_id WHERE o.customer_id = $1',
      [ada.userId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('rolls back the loser of a race: its key insert fails on commit of the winner and it replays', async () => {
    // What the route does after the fast-path lookup missed: both requests reach placeOrder.
    const customerId = randomUUID();
    const idempotency = { key: randomUUID(), requestHash: requestFingerprint({ lines: [] }) };
    const priced = {
      lines: [
        {
          productId: keyboard.id,
          sku: keyboard.sku,
          name: keyboard.name,
          quantity: 1,
          unitPrice: keyboard.price,
        },
      ],
      total: keyboard.price,
    };
    const customerEmail = 'ada@example.test';
    const winner = await placeOrder(service.db, { customerId, customerEmail, priced, idempotency });
    const loser = await placeOrder(service.db, { customerId, customerEmail, priced, idempotency });

    expect(winner.outcome).toBe('created');
    expect(loser).toEqual({
      outcome: 'key_used',
      stored: {
        requestHash: idempotency.requestHash,
        status: 201,
        body: winner.outcome === 'created' ? winner.order : undefined,
      },
    });
    expect(await ordersOf(customerId)).toBe(1);
    expect(await outboxEventsOf(customerId)).toBe(1);
  });

  it('remembers nothing for a request that failed, so the same key can be used again', async () => {
    const ada = await service.customer();
    const key = randomUUID();
    const later = randomUUID();
    const body = { lines: [{ productId: later, quantity: 1 }] };
    expect((await post(ada.authorization, key, body)).statusCode).toBe(422);
    catalog.addProduct({ id: later });
    const retried = await post(ada.authorization, key, body);
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('answers 400 for a key longer than 255 characters', async () => {
    const ada = await service.customer();
    const response = await post(ada.authorization, 'k'.repeat(256), {
      lines: [{ productId: keyboard.id, quantity: 1 }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ in: 'headers', field: 'idempotency-key' });
  });
});
