import { describe, expect, it } from 'vitest';
import { perOrder } from '../src/per-order.ts';
import { workBetween } from '../src/work-counters.ts';

describe('per-order work', () => {
  const before = {
    xactCommit: 100,
    statementsByRole: { order_service: 10, postgres: 5 },
    commitsByRole: { order_service: 2 },
    messagesByTopic: { 'order.created': 7 },
  };
  const after = {
    xactCommit: 500,
    statementsByRole: { order_service: 410, inventory_service: 200, postgres: 15 },
    commitsByRole: { order_service: 102, inventory_service: 50 },
    messagesByTopic: { 'order.created': 107, 'order.confirmed': 100 },
  };

  it('takes the difference of two snapshots, keeping only what changed', () => {
    expect(workBetween(before, after)).toEqual({
      xactCommit: 400,
      statementsByRole: { order_service: 400, inventory_service: 200, postgres: 10 },
      commitsByRole: { order_service: 100, inventory_service: 50 },
      messagesByTopic: { 'order.created': 100, 'order.confirmed': 100 },
    });
  });

  it('divides by the orders and names each role by its component', () => {
    const resources = {
      samples: 2,
      components: [
        { component: 'order-service', firstRssKb: 0, peakRssKb: 0, peakPssKb: 0, cpuSeconds: 0.5 },
        { component: 'postgres', firstRssKb: 0, peakRssKb: 0, peakPssKb: 0, cpuSeconds: 0.3 },
      ],
      peakTotalRssKb: 0,
      peakTotalPssKb: 0,
    };
    const figures = perOrder(100, resources, workBetween(before, after), {
      'order-service': 'order_service',
      'inventory-service': 'inventory_service',
    });
    expect(figures).toMatchObject({ cpuMs: 8, xactCommit: 4, statements: 6.1, messages: 2 });
    expect(figures.rows).toEqual([
      { component: 'order-service', cpuMs: 5, statements: 4, commits: 1 },
      { component: 'postgres', cpuMs: 3, statements: 0, commits: 0 },
      { component: 'inventory-service', cpuMs: 0, statements: 2, commits: 0.5 },
      { component: 'role postgres', cpuMs: 0, statements: 0.1, commits: 0 },
    ]);
  });
});
