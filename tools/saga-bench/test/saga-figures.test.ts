import { describe, expect, it } from 'vitest';
import { orderLines } from '../src/order-lines.ts';
import type { OrderOutcome } from '../src/order-outcomes.ts';
import { perOrder } from '../src/per-order.ts';
import { sagaFigures } from '../src/saga-figures.ts';
import { checkTargets } from '../src/targets.ts';

const outcome = (
  orderId: string,
  placedAt: number,
  terminalAt: number | null,
  status = 'CONFIRMED',
  cancellationReason: string | null = null,
): OrderOutcome => ({ orderId, status, cancellationReason, placedAt, terminalAt });

describe('sagaFigures', () => {
  it('measures from the first placement to the last terminal state, server clock', () => {
    const figures = sagaFigures(
      2,
      {
        placed: [
          { orderId: 'a', clientMs: 10 },
          { orderId: 'b', clientMs: 30 },
        ],
        failures: [],
      },
      [outcome('a', 1_000, 1_100), outcome('b', 1_500, 2_000)],
    );
    expect(figures.ordersPerSecond).toBe(2);
    expect(figures.windowSeconds).toBe(1);
    expect(figures.toTerminal).toMatchObject({ count: 2, p50: 100, p99: 500 });
    expect(figures.placement).toMatchObject({ p50: 10, max: 30 });
    expect(figures.errors).toEqual({
      total: 0,
      placementFailed: 0,
      notTerminal: 0,
      cancelled: {},
    });
    expect(figures.confirmed).toBe(2);
  });

  it('counts failed placements, orders never terminal and cancelled orders as errors', () => {
    const figures = sagaFigures(
      5,
      {
        placed: [
          { orderId: 'a', clientMs: 1 },
          { orderId: 'b', clientMs: 1 },
          { orderId: 'c', clientMs: 1 },
        ],
        failures: [{ outcome: 503 }, { outcome: 'fetch failed' }],
      },
      [
        outcome('a', 0, 100),
        outcome('b', 0, 40_000, 'CANCELLED', 'timeout'),
        outcome('c', 0, null, 'STOCK_RESERVED'),
      ],
    );
    expect(figures.errors).toEqual({
      total: 4,
      placementFailed: 2,
      notTerminal: 1,
      cancelled: { timeout: 1 },
    });
    expect(figures.placementFailures).toEqual({ '503': 1, 'fetch failed': 1 });
    expect(figures.confirmed).toBe(1);
    expect(figures.toTerminal.count).toBe(2);
  });
});

describe('checkTargets', () => {
  const figures = sagaFigures(1, { placed: [{ orderId: 'a', clientMs: 1 }], failures: [] }, [
    outcome('a', 0, 250),
  ]);
  const resources = {
    samples: 1,
    components: [
      {
        component: 'order-service',
        firstRssKb: 90 * 1024,
        peakRssKb: 0,
        peakPssKb: 0,
        cpuSeconds: 0,
      },
      { component: 'kafka', firstRssKb: 600 * 1024, peakRssKb: 0, peakPssKb: 0, cpuSeconds: 0 },
    ],
    peakTotalRssKb: 2 * 1024 * 1024,
    peakTotalPssKb: 1024 * 1024,
  };
  const work = perOrder(
    1,
    resources,
    { xactCommit: 8, statementsByRole: {}, commitsByRole: {}, messagesByTopic: {} },
    {},
  );

  it('judges latency at a fixed rate, and the per-order counts and memory always', () => {
    const checks = checkTargets(figures, resources, work, 0, true);
    expect(Object.fromEntries(checks.map((c) => [c.name, c.met]))).toEqual({
      'p50 placement to terminal': false,
      'p99 placement to terminal': true,
      errors: true,
      invariants: true,
      'CPU per order, whole stack': true,
      'Postgres commits per order': false,
      'peak PSS of the stack': true,
      'idle RSS of each Node service': true,
    });
  });

  it('judges throughput in a closed loop', () => {
    const checks = checkTargets(figures, resources, work, 0, false);
    expect(checks[0]).toMatchObject({ name: 'throughput (closed loop)', met: false });
    expect(checks.map((c) => c.name)).not.toContain('p99 placement to terminal');
  });
});

describe('orderLines', () => {
  it('gives two different products, spread over the catalog', () => {
    const products = ['p0', 'p1', 'p2', 'p3'];
    const seen = new Set<string>();
    for (let k = 0; k < 40; k++) {
      const [first, second] = orderLines(k, products);
      expect(first?.productId).not.toBe(second?.productId);
      seen.add(`${first?.productId}`);
    }
    expect(seen.size).toBe(4);
  });
});
