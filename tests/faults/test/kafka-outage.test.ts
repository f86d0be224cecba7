import {
  isolatedInfra,
  type PrivateKafka,
  type ServiceName,
  startPrivateKafka,
} from '@ecommerce/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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
let kafka: PrivateKafka;
let system: FaultSystem;
let shop: Shop;
let workload: Workload;
const outageMs = 10_000;

beforeAll(async () => {
  // Stopping the shared broker would break every other test running against it.
  kafka = await startPrivateKafka();
  system = await startFaultSystem(infra, { kafkaBrokers: kafka.brokers });
  shop = new Shop(system.gateway.url);
  await shop.signInAdmin();
  workload = await createWorkload(shop);
  await system.stopService('payment-service');
  await system.startService('payment-service', declining(workload.decliningCustomer));
}, 240_000);

printServiceProblemsOnFailure(() => system);

afterAll(async () => {
  // Every process lived through the outage and still shuts down cleanly, within the 30 s a
  // Kubernetes pod gets by default.
  const exits = (await system?.stop(30_000)) ?? {};
  await kafka?.remove();
  const unclean = Object.entries(exits).filter(([, code]) => code !== 0);
  const outputs = unclean.map(
    ([name]) => `--- ${name}:\n${system?.outputOf(name as ServiceName | 'gateway')}`,
  );
  expect(Object.fromEntries(unclean), outputs.join('\n')).toEqual({});
}, 150_000);

describe('Kafka stopped for ten seconds in the middle of a batch of orders', () => {
  const ids: string[] = [];
  const refused: Record<string, number> = {};
  const refusals: Record<string, string> = {};
  const figures: Record<string, unknown> = {};
  let stopped = 0;

  /** Places `count` orders from the workload's `offset`-th on; keeps the accepted ones. */
  const place = (count: number, offset: number, ordersUrl?: string) =>
    runBounded(count, 10, async (index) => {
      const { customer, lines } = workload.order(offset + index);
      const attempt = await shop.attemptOrder(customer, lines, ordersUrl);
      if (attempt.id) ids.push(attempt.id);
      else {
        refused[attempt.status] = (refused[attempt.status] ?? 0) + 1;
        refusals[attempt.status] ??= attempt.problem ?? '';
      }
      return attempt.status;
    });

  it('takes orders through the gateway while Kafka is down (the outbox holds their events)', async () => {
    await place(80, 0);
    stopped = Date.now();
    await kafka.stop();
    const throughGateway = await place(50, 80);
    // The same orders straight at order-service, so the outbox is exercised whatever the gateway does.
    const direct = await place(20, 130, `${system.services['order-service'].url}/orders`);
    figures.duringOutage = {
      throughGateway: countBy(throughGateway),
      atOrderService: countBy(direct),
    };
    expect(direct.every((status) => status === 201)).toBe(true);
    if (throughGateway.some((status) => status !== 201)) {
      console.log('orders refused while Kafka was down:', JSON.stringify(refusals));
    }
    expect(countBy(throughGateway)).toEqual({ 201: 50 });
  }, 60_000);

  it('finishes every saga once Kafka is back: all terminal, invariants hold', async () => {
    const db = infra.postgres.pool();
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, outageMs - (Date.now() - stopped))),
    );
    await kafka.start();
    figures.kafkaDownMs = Date.now() - stopped;
    const restarted = Date.now();
    const customer = workload.customers[1] ?? workload.decliningCustomer;
    // The gateway's health checks take order-service back within their interval.
    await until('gateway routes orders again', () => shop.ordersRouted(customer), 30_000);
    figures.gatewayRoutesAgainMs = Date.now() - restarted;
    expect(countBy(await place(50, 150))).toEqual({ 201: 50 });

    figures.drainMs = await waitUntilTerminal(db, ids, 120_000);
    figures.settleMs = await waitUntilInvariantsHold(infra.postgres.adminUrl);
    const counts = await outcomes(db, ids);
    console.log(
      'kafka outage:',
      JSON.stringify({
        placed: ids.length,
        refused,
        outcomes: counts,
        longestStepMs: await longestSteps(db, ids),
        ...figures,
      }),
    );
    expect(counts.CONFIRMED).toBeGreaterThan(ids.length / 2);
    expect(counts['CANCELLED/timeout']).toBeUndefined();
  }, 200_000);
});

function countBy(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
