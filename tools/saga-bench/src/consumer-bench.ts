import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createEvent,
  createEventConsumer,
  createEventProducer,
  enqueue,
  ensureTopics,
  OrderCreated,
  pgTransaction,
} from '@ecommerce/events';
import { createIsolation, repoRoot } from '@ecommerce/testkit';
import type { PoolClient } from 'pg';
import { localInfraSettings } from './local-infra.ts';
import { openWorkCounters, workBetween } from './work-counters.ts';

export interface ConsumerBenchRow {
  maxBatchSize: number;
  events: number;
  commitsPerEvent: number;
  statementsPerEvent: number;
  /** CPU of this process (consumer, pg and kafkajs clients) per event. */
  cpuMsPerEvent: number;
  eventsPerSecond: number;
}

const ROLE = 'inventory_service';

/**
 * The consumer alone, on infra/local: `events` order.created events wait in Kafka (a backlog,
 * as after an outage or under load), then a consumer group drains them once per batch size.
 * Each event's handler does what a saga step does: one row changed, one event enqueued in the
 * outbox (pg_notify included), the inbox row, all in the consumer's transaction. The counts
 * (Postgres commits, statements) do not depend on the machine's load.
 */
export async function runConsumerBench(
  options: { events: number; batchSizes: number[] },
  progress: (line: string) => void,
): Promise<ConsumerBenchRow[]> {
  const infra = await createIsolation(localInfraSettings());
  const kafka = { brokers: infra.kafka.brokers, clientId: infra.id };
  const topicName = infra.kafka.topic;
  const pool = infra.postgres.pool('inventory-service');
  const counters = await openWorkCounters({
    adminUrl: infra.postgres.adminUrl,
    database: infra.postgres.database,
    kafka: infra.kafka.client(),
    topicPrefix: infra.kafka.topic(''),
  });
  try {
    await pool.query(readFileSync(join(repoRoot, 'packages/events/sql/outbox.sql'), 'utf8'));
    await pool.query('CREATE TABLE effects (order_id uuid PRIMARY KEY, steps integer NOT NULL)');
    await ensureTopics({ kafka, topics: [OrderCreated], topicName });
    const producer = await createEventProducer({ kafka, topicName });
    const customerId = randomUUID();
    const productId = randomUUID();
    const events = Array.from({ length: options.events }, () => {
      const orderId = randomUUID();
      return createEvent(OrderCreated, {
        source: 'order-service',
        subject: orderId,
        data: {
          orderId,
          customerId,
          customerEmail: 'bench@shop.example',
          lines: [{ productId, quantity: 1, unitPrice: { amount: 1250, currency: 'EUR' } }],
          total: { amount: 1250, currency: 'EUR' },
        },
      });
    });
    for (let i = 0; i < events.length; i += 500) await producer.publish(events.slice(i, i + 500));
    await producer.disconnect();
    progress(`${events.length} events waiting in ${topicName(OrderCreated.topic)}`);

    const rows: ConsumerBenchRow[] = [];
    for (const maxBatchSize of options.batchSizes) {
      let handled = 0;
      let done: () => void = () => {};
      const finished = new Promise<void>((resolve) => {
        done = resolve;
      });
      const consumer = createEventConsumer<PoolClient>({
        kafka,
        groupId: infra.kafka.groupId(`batch-${maxBatchSize}`),
        name: `batch-${maxBatchSize}`,
        transaction: pgTransaction(pool),
        topicName,
        maxBatchSize,
        onHandled: () => {
          handled += 1;
          if (handled === events.length) done();
        },
      }).on(OrderCreated, async (event, tx) => {
        await tx.query(
          `INSERT INTO effects (order_id, steps) VALUES ($1, 1)
           ON CONFLICT (order_id) DO UPDATE SET steps = effects.steps + 1`,
          [event.data.orderId],
        );
        await enqueue(
          tx,
          createEvent(OrderCreated, { source: 'bench', subject: event.subject, data: event.data }),
        );
      });
      const before = await counters.snapshot();
      const cpu = process.cpuUsage();
      const started = performance.now();
      await consumer.start();
      await finished;
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      await consumer.stop();
      const work = workBetween(before, await counters.snapshot());
      rows.push({
        maxBatchSize,
        events: handled,
        commitsPerEvent: work.xactCommit / handled,
        statementsPerEvent: (work.statementsByRole[ROLE] ?? 0) / handled,
        cpuMsPerEvent: (used.user + used.system) / 1000 / handled,
        eventsPerSecond: handled / seconds,
      });
      progress(`batch size ${maxBatchSize}: ${handled} events in ${seconds.toFixed(1)} s`);
    }
    return rows;
  } finally {
    await counters.close();
    await infra.cleanup();
  }
}
