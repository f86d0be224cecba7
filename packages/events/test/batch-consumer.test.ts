import { randomUUID } from 'node:crypto';
import { isolatedInfra } from '@ecommerce/testkit';
import type { PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEvent,
  createEventConsumer,
  createEventProducer,
  type EventConsumer,
  type EventProducer,
  ensureTopics,
  OrderCreated,
  pgTransaction,
  recordBatchInInbox,
} from '../src/index.ts';
import { samples } from './fixtures.ts';
import { createOutboxTables, eventually, kafkaSettings } from './support.ts';

const infra = await isolatedInfra();
const kafka = kafkaSettings(infra);
const topicName = infra.kafka.topic;
const pool = infra.postgres.pool('inventory-service');
const runInTransaction = pgTransaction(pool);

let producer: EventProducer;
let consumer: EventConsumer<PoolClient> | undefined;
let transactions = 0;
const handled: string[] = [];
const handledEvents = new Set<string>();

function orderCreated(orderId: string) {
  return createEvent(OrderCreated, {
    source: 'order-service',
    subject: orderId,
    data: { ...(samples['order.created.v1'].valid as object), orderId } as never,
  });
}

beforeAll(async () => {
  await createOutboxTables(pool);
  await pool.query('CREATE TABLE effects (event_id uuid NOT NULL, n integer NOT NULL)');
  await ensureTopics({ kafka, topics: [OrderCreated], topicName });
  producer = await createEventProducer({ kafka, topicName });
});

afterAll(async () => {
  await consumer?.stop();
  await producer.disconnect();
});

describe('event consumer, a batch per transaction', () => {
  it('handles what Kafka delivered at once in few transactions, in order, each event once', async () => {
    const orderId = randomUUID();
    const events = Array.from({ length: 40 }, () => orderCreated(orderId));
    // Published before the consumer starts: its first fetch gets them all on one partition.
    await producer.publish(events);
    await producer.publish(events[3] as (typeof events)[number]);

    consumer = createEventConsumer<PoolClient>({
      kafka,
      groupId: infra.kafka.groupId('batch'),
      transaction: (fn) => {
        transactions += 1;
        return runInTransaction(fn);
      },
      topicName,
      onHandled: (event) => handledEvents.add(event.id),
    }).on(OrderCreated, async (event, tx) => {
      handled.push(event.id);
      await tx.query('INSERT INTO effects (event_id, n) VALUES ($1, $2)', [
        event.id,
        handled.length,
      ]);
    });
    await consumer.start();

    await eventually(() => expect(handledEvents.size).toBe(events.length));
    const { rows } = await pool.query<{ event_id: string }>(
      'SELECT event_id::text AS event_id FROM effects ORDER BY n',
    );
    expect(rows.map((row) => row.event_id)).toEqual(events.map((event) => event.id));
    expect(handled).toEqual(events.map((event) => event.id));
    // 41 messages: a transaction per event would be 41.
    expect(transactions).toBeLessThanOrEqual(6);
  });

  it('records a batch in the inbox in one statement and reports only the new events', async () => {
    const known = randomUUID();
    const fresh = randomUUID();
    await runInTransaction((tx) => recordBatchInInbox(tx, 'batch-test', [known]));
    const inserted = await runInTransaction((tx) =>
      recordBatchInInbox(tx, 'batch-test', [known, fresh, fresh]),
    );
    expect([...inserted]).toEqual([fresh]);
  });
});
