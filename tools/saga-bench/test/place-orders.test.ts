import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrders } from '../src/place-orders.ts';

// A stand-in for the gateway's POST /api/orders: what is tested is the client's pacing and
// bookkeeping, not the system behind it.
let inFlight = 0;
let maxInFlight = 0;
let requests = 0;
const server = createServer((request, response) => {
  const number = ++requests;
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  request.resume();
  request.on('end', () =>
    setTimeout(() => {
      inFlight--;
      // Every fifth request (by arrival) is refused.
      const fail = number % 5 === 0;
      response.writeHead(fail ? 503 : 201, { 'content-type': 'application/json' });
      response.end(JSON.stringify(fail ? { title: 'Unavailable' } : { id: `order-${number}` }));
    }, 5),
  );
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('placeOrders', () => {
  it('places every order, at most `concurrency` at once, and counts refusals', async () => {
    const run = await placeOrders(
      url,
      { productIds: ['a', 'b', 'c'], customerTokens: ['t1', 't2'] },
      { count: 20, concurrency: 4, firstIndex: 0 },
    );
    expect(run.placed.length + run.failures.length).toBe(20);
    expect(run.failures).toEqual(Array(4).fill({ outcome: 503 }));
    expect(maxInFlight).toBeLessThanOrEqual(4);
  });
});
