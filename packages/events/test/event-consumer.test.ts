import { randomUUID } from 'node:crypto';
import { isolatedInfra } from '@ecommerce/testkit';
import { Partitioners } from 'kafkajs';
import type { PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEvent,
  createEventConsumer,
  createEventProducer,
  type DeadLetterReason,
  deadLetterTopic,
  type EventConsumer,
  type EventProducer,
  ensureTopics,
  NonRetryableEventError,
  OrderCreated,
  pgTransaction,
} from '../src/index.ts';
import { samples } from './fixtures.ts';
import { collectMessages, createOutboxTables, eventually, kafkaSettings } from './support.ts';

const infra = await isolatedInfra();
const kafka = kafkaSettings(infra);
const topicName = infra.kafka.topic;
const topic = topicName(OrderCreated.topic);
const pool = infra.postgres.pool('inventory-service');

const FLAKY = '11111111-1111-4111-8111-111111111111';
const BROKEN = '22222222-2222-4222-8222-222222222222';
const REFUSED = '33333333-3333-4333-8333-333333333333';

let producer: EventProducer;
let consumer: EventConsumer<PoolClient>;
const retries: number[] = [];
const deadLettered: DeadLetterReason[] = [];
let flakyFailures = 0;

function orderCreated(customerId: string, orderId: string = randomUUID()) {
  return createEvent(OrderCreated, {
    source: 'order-service',
    subject: orderId,
    data: { ...(samples['order.created.v1'].valid as object), orderId, customerId } as never,
  });
}

async function reservationsOf(orderId: string): Promise<number> {
  const { rows } = await pool.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM reservations WHERE order_id = $1',
    [orderId],
  );
  return rows[0]?.count ?? 0;
}

async function reservationsFor(eventId: string): Promise<number> {
  const { rows } = await pool.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM reservations WHERE event_id = $1',
    [eventId],
  );
  return rows[0]?.count ?? 0;
}

/** Sends raw bytes with the test's own Kafka client, as a broken producer would. */
async function sendRaw(key: string, value: string) {
  // The partitioner of the event producer, so these land on the same partition as the key's events.
  const raw = infra.kafka.client().producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await raw.connect();
  await raw.send({ topic, messages: [{ key, value }] });
  await raw.disconnect();
}

beforeAll(async () => {
  await createOutboxTables(pool);
  await pool.query('CREATE TABLE reservations (order_id uuid NOT NULL, event_id uuid NOT NULL)');
  await ensureTopics({ kafka, topics: [OrderCreated], topicName });
  producer = await createEventProducer({ kafka, topicName });
  consumer = createEventConsumer({
    kafka,
    groupId: infra.kafka.groupId('inventory'),
    transaction: pgTransaction(pool),
    topicName,
    maxAttempts: 3,
    retry: { initialDelayMs: 10, maxDelayMs: 50 },
    onRetry: (_error, attempt) => retries.push(attempt),
    onDeadLetter: (reason) => deadLettered.push(reason),
  }).on(OrderCreated, async (event, tx) => {
    await tx.query('INSERT INTO reservations (order_id, event_id) VALUES ($1, $2)', [
      event.data.orderId,
      event.id,
    ]);
    if (event.data.customerId === FLAKY && flakyFailures < 2) {
      flakyFailures += 1;
      throw new Error('stock service briefly unavailable');
    }
    if (event.data.customerId === BROKEN) throw new Error('reservation rules exploded');
    if (event.data.customerId === REFUSED) throw new NonRetryableEventError('product retired');
  });
  await consumer.start();
});

afterAll(async () => {
  await consumer.stop();
  await producer.disconnect();
});

describe('event consumer', () => {
  it('applies an event once and skips its redelivery through the inbox', async () => {
    const event = orderCreated(randomUUID());
    await producer.publish(event);
    await producer.publish(event);
    const later = orderCreated(randomUUID(), event.subject);
    await producer.publish(later);
    await eventually(async () => expect(await reservationsOf(event.data.orderId)).toBe(2));
    const { rows } = await pool.query('SELECT event_id FROM reservations WHERE order_id = $1', [
      event.data.orderId,
    ]);
    expect(rows.map((r) => r.event_id).sort()).toEqual([event.id, later.id].sort());
  });

  it('retries a failing handler and rolls back each failed attempt', async () => {
    const event = orderCreated(FLAKY);
    await producer.publish(event);
    await eventually(async () => expect(await reservationsOf(event.data.orderId)).toBe(1));
    expect(flakyFailures).toBe(2);
    expect(retries).toEqual(expect.arrayContaining([1, 2]));
  });

  it('dead-letters poison, invalid and failing messages with the error, and keeps consuming', async () => {
    const dlq = await collectMessages(
      infra,
      [topicName(deadLetterTopic(OrderCreated.topic))],
      'dlq',
    );
    const key = randomUUID();
    const invalid = {
      ...orderCreated(randomUUID(), key),
      data: samples['order.created.v1'].invalid,
    };
    const failing = orderCreated(BROKEN, key);
    const refused = orderCreated(REFUSED, key);
    const healthy = orderCreated(randomUUID(), key);

    await sendRaw(key, '{"this is": not json');
    await sendRaw(key, JSON.stringify(invalid));
    await producer.publish([failing, refused, healthy]);

    await eventually(async () => expect(await reservationsFor(healthy.id)).toBe(1));
    const dead = await eventually(() => {
      expect(dlq.messages).toHaveLength(4);
      return dlq.messages;
    });
    await dlq.stop();

    expect(dead.map((m) => m.headers.dlq_reason)).toEqual([
      'unparseable',
      'invalid',
      'failed',
      'failed',
    ]);
    expect(dead.map((m) => m.key)).toEqual([key, key, key, key]);
    expect(dead[0]?.value).toBe('{"this is": not json');
    expect(dead[0]?.headers.dlq_error).toMatch(/not JSON/);
    expect(dead[1]?.headers.dlq_error).toMatch(/unitPrice\/amount/);
    expect(dead[2]?.headers).toMatchObject({
      dlq_error: 'reservation rules exploded',
      dlq_attempts: '3',
      dlq_consumer: infra.kafka.groupId('inventory'),
      dlq_original_topic: topic,
      ce_id: failing.id,
    });
    expect(dead[3]?.headers).toMatchObject({ dlq_error: 'product retired', dlq_attempts: '1' });
    for (const message of dead) {
      expect(Number(message.headers.dlq_original_partition)).toBeGreaterThanOrEqual(0);
      expect(Number(message.headers.dlq_original_offset)).toBeGreaterThanOrEqual(0);
    }
    // A failed attempt leaves nothing behind: its transaction was rolled back.
    expect(await reservationsFor(failing.id)).toBe(0);
    expect(await reservationsFor(refused.id)).toBe(0);
    expect(deadLettered).toEqual(['unparseable', 'invalid', 'failed', 'failed']);
  });
});
