import { type Isolation, isolatedInfra, type ServiceName } from '@ecommerce/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  groupTopics,
  retainedMessages,
  rewindGroup,
  waitUntilCaughtUp,
} from './support/consumer-groups.ts';
import { counterTotal } from './support/metrics.ts';
import { outcomes, waitUntilInvariantsHold, waitUntilTerminal } from './support/outcomes.ts';
import { runBounded, Shop } from './support/shop.ts';
import { snapshot } from './support/snapshot.ts';
import {
  type FaultSystem,
  printServiceProblemsOnFailure,
  startFaultSystem,
} from './support/system.ts';
import { createWorkload, declining, type Workload } from './support/workload.ts';

type Database = ReturnType<Isolation['postgres']['pool']>;

const infra = await isolatedInfra();
const admin = infra.kafka.client().admin();
let system: FaultSystem;
let shop: Shop;
let workload: Workload;

/** Every service that consumes saga events, each in its own consumer group. */
const consumers: ServiceName[] = [
  'order-service',
  'inventory-service',
  'payment-service',
  'notification-service',
];
const groupOf = (name: ServiceName) => infra.kafka.groupId(name);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function confirmedOrders(db: Database, ids: string[], count: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id::text FROM orders.orders WHERE id = ANY($1::uuid[]) AND status = 'CONFIRMED'
     ORDER BY id LIMIT $2`,
    [ids, count],
  );
  return rows.map((row) => row.id);
}

/** Polls until every order is REFUNDED and inventory has read every refund. */
async function waitUntilRefunded(db: Database, ids: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { rows } = await db.query<{ refunded: number; read: number }>(
      `SELECT (SELECT count(*)::int FROM orders.orders WHERE id = ANY($1::uuid[]) AND status = 'REFUNDED') AS refunded,
              (SELECT count(*)::int FROM inventory.order_refunds WHERE order_id = ANY($1::uuid[])) AS read`,
      [ids],
    );
    if (rows[0]?.refunded === ids.length && rows[0]?.read === ids.length) return;
    if (Date.now() > deadline) throw new Error(`refunds not through: ${JSON.stringify(rows[0])}`);
    await pause(250);
  }
}

beforeAll(async () => {
  system = await startFaultSystem(infra);
  shop = new Shop(system.gateway.url);
  await shop.signInAdmin();
  workload = await createWorkload(shop);
  await system.stopService('payment-service');
  await system.startService('payment-service', declining(workload.decliningCustomer));
  await admin.connect();
}, 240_000);

printServiceProblemsOnFailure(() => system);

afterAll(async () => {
  await admin.disconnect();
  const exits = await system?.stop();
  expect(exits && Object.values(exits).every((code) => code === 0)).toBe(true);
}, 90_000);

describe('every saga event delivered again (consumer groups rewound to the earliest offset)', () => {
  it('changes nothing: same rows before and after, no event handled twice', async () => {
    const db = infra.postgres.pool();
    const total = 80;
    const ids = await runBounded(total, 10, async (index) => {
      const { customer, lines } = workload.order(index);
      return shop.placeOrder(customer, lines);
    });
    const drainMs = await waitUntilTerminal(db, ids, 60_000);
    // A few confirmed orders are returned, half of them restocked: their refunds are replayed too.
    const returned = await confirmedOrders(db, ids, 6);
    await Promise.all(returned.map((id, index) => shop.refund(id, index % 2 === 0)));
    await waitUntilRefunded(db, returned);
    await waitUntilInvariantsHold(infra.postgres.adminUrl);
    const topics = Object.fromEntries(
      await Promise.all(
        consumers.map(async (name) => [name, await groupTopics(admin, groupOf(name))] as const),
      ),
    ) as Record<ServiceName, string[]>;
    for (const name of consumers) await waitUntilCaughtUp(admin, groupOf(name), topics[name]);
    const before = await snapshot(db);

    const started = Date.now();
    const redelivered: Record<string, number> = {};
    await Promise.all(consumers.map((name) => system.stopService(name)));
    // kafkajs rewinds a group by joining it once per topic: the groups are rewound side by side.
    await Promise.all(
      consumers.map(async (name) => {
        await rewindGroup(admin, groupOf(name), topics[name]);
        redelivered[name] = await retainedMessages(admin, topics[name]);
      }),
    );
    await Promise.all(consumers.map((name) => system.startService(name)));
    for (const name of consumers) await waitUntilCaughtUp(admin, groupOf(name), topics[name]);
    const replayMs = Date.now() - started;
    const handledAgain = Object.fromEntries(
      await Promise.all(
        consumers.map(
          async (name) =>
            [
              name,
              (await counterTotal(system.services[name].url, 'events_handled_total')) +
                (await counterTotal(system.services[name].url, 'events_dead_lettered_total')),
            ] as const,
        ),
      ),
    );
    const after = await snapshot(db);
    await waitUntilInvariantsHold(infra.postgres.adminUrl);

    console.log(
      'consumer replay:',
      JSON.stringify({
        placed: ids.length,
        outcomes: await outcomes(db, ids),
        drainMs,
        redelivered,
        handledAgain,
        replayMs,
        rows: Object.fromEntries(
          Object.entries(after).map(([table, rows]) => [table, rows.length]),
        ),
      }),
    );
    for (const name of consumers) expect(redelivered[name]).toBeGreaterThanOrEqual(total);
    expect(handledAgain).toEqual(Object.fromEntries(consumers.map((name) => [name, 0])));
    for (const table of Object.keys(before)) {
      expect(after[table], table).toEqual(before[table]);
    }
  }, 150_000);
});
