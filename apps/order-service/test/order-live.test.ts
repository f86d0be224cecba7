import { randomUUID } from 'node:crypto';
import { isolatedInfra } from '@ecommerce/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeProductService } from './support/fake-product-service.ts';
import { migrate, startOrderService } from './support/order-service.ts';

const infra = await isolatedInfra();
await migrate(infra);
const catalog = await startFakeProductService();
const service = await startOrderService(infra, { productServiceUrl: catalog.url });
const { app } = service;
const product = catalog.addProduct({ price: { amount: 250, currency: 'EUR' } });
const address = await app.listen({ host: '127.0.0.1', port: 0 });
afterAll(() => app.close());

const ada = await service.customer();
const alan = await service.customer();
const admin = await service.admin();

async function placeOrder(authorization: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/orders',
    headers: { authorization },
    payload: { lines: [{ productId: product.id, quantity: 2 }] },
  });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string };
}

/** Reads a real HTTP event stream until it ends, calling `onOpen` once the first bytes arrive. */
async function readStream(url: string, authorization: string, onOpen: () => Promise<void>) {
  const response = await fetch(url, { headers: { authorization, accept: 'text/event-stream' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = (response.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream())
    .getReader();
  let text = '';
  let opened = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text;
    text += value;
    if (!opened) {
      opened = true;
      await onOpen();
    }
  }
}

const eventsOf = (text: string) =>
  text
    .split('\n\n')
    .filter((block) => block.includes('event: '))
    .map((block) => ({
      event: /event: (.*)/.exec(block)?.[1],
      id: /id: (.*)/.exec(block)?.[1],
      data: JSON.parse(/data: (.*)/.exec(block)?.[1] ?? 'null'),
    }));

describe('GET /orders/:id/timeline/stream', () => {
  it('streams each step as it happens, then ends at a terminal status', async () => {
    const order = await placeOrder(ada.authorization);
    const text = await readStream(
      `${address}/orders/${order.id}/timeline/stream`,
      ada.authorization,
      async () => {
        // The stream is open before the order changes: the cancellation arrives live.
        const cancelled = await app.inject({
          method: 'POST',
          url: `/orders/${order.id}/cancel`,
          headers: { authorization: ada.authorization },
        });
        expect(cancelled.statusCode).toBe(200);
      },
    );
    const events = eventsOf(text);
    // The cancellation is two steps (the customer's wish, then order.cancelled going out).
    const timeline = (
      await app.inject({
        url: `/orders/${order.id}/timeline`,
        headers: { authorization: ada.authorization },
      })
    ).json();
    expect(events.map((event) => event.event)).toEqual([
      ...timeline.steps.map(() => 'step'),
      'end',
    ]);
    expect(events.slice(0, -1).map((event) => event.data)).toEqual(timeline.steps);
    expect(events[0]?.data).toMatchObject({ step: 'order.created', status: 'PENDING' });
    expect(events.at(-1)?.data).toEqual({ status: 'CANCELLED' });
    const ids = events.slice(0, -1).map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('resumes after Last-Event-ID', async () => {
    const order = await placeOrder(ada.authorization);
    await app.inject({
      method: 'POST',
      url: `/orders/${order.id}/cancel`,
      headers: { authorization: ada.authorization },
    });
    const full = eventsOf(
      (
        await app.inject({
          url: `/orders/${order.id}/timeline/stream`,
          headers: { authorization: ada.authorization },
        })
      ).body,
    );
    const resumed = await app.inject({
      url: `/orders/${order.id}/timeline/stream`,
      headers: { authorization: ada.authorization, 'last-event-id': String(full[0]?.id) },
    });
    // Everything after the first step again, and nothing before it.
    const rest = eventsOf(resumed.body);
    expect(rest.map((event) => event.id)).toEqual(full.slice(1).map((event) => event.id));
    expect(rest.at(-1)).toMatchObject({ event: 'end', data: { status: 'CANCELLED' } });
  });

  it('is not found for someone else’s order, and needs a token', async () => {
    const order = await placeOrder(ada.authorization);
    const other = await app.inject({
      url: `/orders/${order.id}/timeline/stream`,
      headers: { authorization: alan.authorization },
    });
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
    const anonymous = await app.inject({ url: `/orders/${order.id}/timeline/stream` });
    expect(anonymous.statusCode).toBe(401);
    const unknown = await app.inject({
      url: `/orders/${randomUUID()}/timeline/stream`,
      headers: { authorization: admin.authorization },
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('GET /orders/stats', () => {
  it('counts the last minutes’ outcomes per minute for admins', async () => {
    const response = await app.inject({
      url: '/orders/stats?minutes=5',
      headers: { authorization: admin.authorization },
    });
    expect(response.statusCode).toBe(200);
    const stats = response.json();
    expect(stats.windowMinutes).toBe(5);
    expect(stats.buckets).toHaveLength(5);
    const totals = stats.buckets.reduce(
      (
        sum: { cancelled: number; pending: number },
        bucket: { cancelled: number; pending: number },
      ) => ({
        cancelled: sum.cancelled + bucket.cancelled,
        pending: sum.pending + bucket.pending,
      }),
      { cancelled: 0, pending: 0 },
    );
    // This file placed three orders: two cancelled above, and the 404 test's one still pending.
    expect(totals).toEqual({ cancelled: 2, pending: 1 });
    expect(stats.cancellationReasons).toEqual({ customer_cancelled: 2 });
    const withOutcome = stats.buckets.find((bucket: { cancelled: number }) => bucket.cancelled > 0);
    expect(withOutcome.p50Ms).toBeGreaterThanOrEqual(0);
  });

  it('is for admins only, and refuses a window it does not keep', async () => {
    const customer = await app.inject({
      url: '/orders/stats',
      headers: { authorization: ada.authorization },
    });
    expect(customer.statusCode).toBe(403);
    const tooLong = await app.inject({
      url: '/orders/stats?minutes=1000',
      headers: { authorization: admin.authorization },
    });
    expect(tooLong.statusCode).toBe(400);
  });
});
