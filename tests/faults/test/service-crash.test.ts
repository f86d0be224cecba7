import { isolatedInfra } from '@ecommerce/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inFlight,
  longestSteps,
  outcomes,
  waitUntilInvariantsHold,
  waitUntilTerminal,
} from './support/outcomes.ts';
import { until } from './support/poll.ts';
import { runBounded, Shop } from './support/shop.ts';
import {
  type FaultSystem,
  printServiceProblemsOnFailure,
  startFaultSystem,
} from './support/system.ts';
import { createWorkload, declining, type Workload } from './support/workload.ts';

const infra = await isolatedInfra();
let system: FaultSystem;
let shop: Shop;
let workload: Workload;

beforeAll(async () => {
  system = await startFaultSystem(infra);
  shop = new Shop(system.gateway.url);
  await shop.signInAdmin();
  workload = await createWorkload(shop);
  await system.stopService('payment-service');
  await system.startService('payment-service', declining(workload.decliningCustomer));
}, 240_000);

printServiceProblemsOnFailure(() => system);

afterAll(async () => {
  const exits = await system?.stop();
  // Restarted after a crash, every process still shuts down cleanly.
  expect(exits && Object.values(exits).every((code) => code === 0)).toBe(true);
}, 90_000);

describe('a saga service killed (SIGKILL) while orders are in flight', () => {
  it('brings all 200 orders to an end with stock, charges, refunds and notices intact', async () => {
    const db = infra.postgres.pool();
    const total = 200;
    const ids: string[] = [];
    let placing = true;
    const restartsBefore = { ...system.restarts };
    const inFlightAtKill: Record<string, number> = {};
    const downMs: Record<string, number> = {};
    const started = Date.now();

    const crash = async (name: 'inventory-service' | 'payment-service', afterPlaced: number) => {
      await until(`${afterPlaced} orders placed`, () => ids.length >= afterPlaced || !placing);
      inFlightAtKill[name] = await inFlight(db, ids);
      const killed = Date.now();
      await system.kill(name);
      await system.startService(name);
      downMs[name] = Date.now() - killed;
    };
    const faults = (async () => {
      await crash('inventory-service', total * 0.35);
      await crash('payment-service', total * 0.7);
    })();
    await runBounded(total, 20, async (index) => {
      const { customer, lines } = workload.order(index);
      ids.push(await shop.placeOrder(customer, lines));
    }).finally(() => {
      placing = false;
    });
    const placedMs = Date.now() - started;
    await faults;

    const drainMs = await waitUntilTerminal(db, ids, 150_000);
    const settleMs = await waitUntilInvariantsHold(infra.postgres.adminUrl);
    const counts = await outcomes(db, ids);
    console.log(
      'service crash:',
      JSON.stringify({
        placed: ids.length,
        outcomes: counts,
        longestStepMs: await longestSteps(db, ids),
        inFlightAtKill,
        downMs,
        restarts: Object.fromEntries(
          Object.entries(system.restarts).map(([name, n]) => [
            name,
            n - (restartsBefore[name] ?? 0),
          ]),
        ),
        placedMs,
        drainMs,
        settleMs,
      }),
    );

    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(counts.CONFIRMED).toBeGreaterThan(total / 2);
    expect(counts['CANCELLED/out_of_stock']).toBeGreaterThan(0);
    expect(counts['CANCELLED/payment_declined']).toBeGreaterThan(0);
    // The deadline is far beyond the outage: no order may be lost to it.
    expect(counts['CANCELLED/timeout']).toBeUndefined();
  }, 200_000);
});
