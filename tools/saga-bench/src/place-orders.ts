import { randomUUID } from 'node:crypto';
import { callJson } from './gateway-client.ts';
import { orderLines } from './order-lines.ts';
import type { Shop } from './shop-setup.ts';

export interface Placement {
  orderId: string;
  /** Request to response, as the client saw it. */
  clientMs: number;
}

export interface PlacementFailure {
  /** The HTTP status, or the error of a request that got no answer. */
  outcome: number | string;
}

export interface PlacementRun {
  placed: Placement[];
  failures: PlacementFailure[];
}

/**
 * Places `count` orders through the gateway, `concurrency` at a time: each worker places its
 * next order as soon as the previous one is answered (a closed loop), or, with a `rate`, when
 * that order is due (at most `concurrency` in flight either way). Each order carries an
 * Idempotency-Key, as a client that may retry would send.
 */
export async function placeOrders(
  gatewayUrl: string,
  shop: Shop,
  options: { count: number; concurrency: number; firstIndex: number; rate?: number },
): Promise<PlacementRun> {
  const run: PlacementRun = { placed: [], failures: [] };
  let next = 0;
  const begin = performance.now();
  const worker = async (workerIndex: number) => {
    const token = shop.customerTokens[workerIndex % shop.customerTokens.length] as string;
    while (next < options.count) {
      const n = next++;
      const k = options.firstIndex + n;
      if (options.rate) {
        // The n-th order is due at n / rate seconds; a late worker starts it at once.
        const due = begin + (n * 1000) / options.rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const started = performance.now();
      try {
        const response = await callJson(`${gatewayUrl}/api/orders`, {
          token,
          headers: { 'idempotency-key': randomUUID() },
          body: { lines: orderLines(k, shop.productIds) },
        });
        if (response.status === 201 && typeof response.body?.id === 'string') {
          run.placed.push({ orderId: response.body.id, clientMs: performance.now() - started });
        } else {
          run.failures.push({ outcome: response.status });
        }
      } catch (error) {
        run.failures.push({ outcome: (error as Error).message });
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, options.count) }, (_, i) => worker(i)),
  );
  return run;
}
