import { randomUUID } from 'node:crypto';
import { isolatedInfra } from '@ecommerce/testkit';
import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type pg from 'pg';
import Type from 'typebox';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createEvent,
  createEventConsumer,
  createEventProducer,
  createOutboxRelay,
  defineContract,
  type EventProducer,
  enqueue,
  ensureTopics,
  OrderCreated,
  type OutboxRelay,
  type OutboxRelayOptions,
  type PrismaLikeClient,
  pgTransaction,
} from '../src/index.ts';
import { samples } from './fixtures.ts';
import { collectMessages, createOutboxTables, eventually, kafkaSettings } from './support.ts';

const infra = await isolatedInfra();
const kafka = kafkaSettings(infra);
const topicName = infra.kafka.topic;

/** A contract of this test only: a counter per key, to check ordering. */
const Sequenced = defineContract({
  name: 'test.sequenced',
  version: 1,
  producer: 'order-service',
  description: 'Numbered events of one key.',
  schema: Type.Object({ key: Type.String(), n: Type.Integer() }),
});

const pools: pg.Pool[] = [];
function orderServicePool(): pg.Pool {
  const pool = infra.postgres.pool('order-service');
  // Connections are terminated on purpose below; an idle one's error must not end the run.
  pool.on('error', () => {});
  pools.push(pool);
  return pool;
}

const writes = orderServicePool();
const producers: EventProducer[] = [];
const relays: OutboxRelay[] = [];

async function startRelay(options: Partial<OutboxRelayOptions> = {}): Promise<OutboxRelay> {
  const producer = await createEventProducer({ kafka, topicName });
  producers.push(producer);
  const relay = createOutboxRelay({
    pool: options.pool ?? orderServicePool(),
    producer,
    topicName,
    retry: { initialDelayMs: 20, maxDelayMs: 500 },
    ...options,
  });
  relays.push(relay);
  await relay.start();
  return relay;
}

function orderCreated(orderId = randomUUID()) {
  return createEvent(OrderCreated, {
    source: 'order-service',
    subject: orderId,
    data: { ...(samples['order.created.v1'].valid as object), orderId } as never,
  });
}

/** Prisma's `$executeRaw` tagged template, played by node-postgres on one connection. */
function prismaShaped(client: pg.PoolClient): PrismaLikeClient {
  return {
    async $executeRaw(strings, ...values) {
      const text = strings.reduce((sql, part, i) => `${sql}$${i}${part}`);
      return (await client.query(text, values)).rowCount ?? 0;
    },
  };
}

async function outboxRow(id: string) {
  const { rows } = await writes.query<{ published_at: Date | null; attempts: number }>(
    'SELECT published_at, attempts FROM outbox_events WHERE id = $1',
    [id],
  );
  return rows[0];
}

beforeAll(async () => {
  await createOutboxTables(writes);
  await createOutboxTables(infra.postgres.pool('inventory-service'));
  await writes.query('CREATE TABLE test_log (key text NOT NULL, n integer NOT NULL)');
  await ensureTopics({ kafka, topics: [OrderCreated, Sequenced], topicName, partitions: 3 });
});

// Every test starts its own relays and consumers; none may keep publishing into the next test.
const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((client) => client.stop()));
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  await Promise.all(producers.splice(0).map((producer) => producer.disconnect()));
});

describe('outbox relay', () => {
  it('publishes events of committed transactions and never those of rolled-back ones', async () => {
    const collected = await collectMessages(infra, [topicName(OrderCreated.topic)], 'committed');
    running.push(collected);
    const orderId = randomUUID();
    const rolledBack = orderCreated(orderId);
    const committed = orderCreated(orderId);

    await pgTransaction(writes)(async (tx) => {
      await enqueue(tx, rolledBack);
      await tx.query('SELECT 1');
      throw new Error('the order could not be stored');
    }).catch(() => {});
    // The same insert through Prisma's tagged-template interface.
    await pgTransaction(writes)((tx) => enqueue(prismaShaped(tx), committed));

    await startRelay();
    const [message] = await eventually(() => {
      const ours = collected.messages.filter((m) => m.key === orderId);
      expect(ours).toHaveLength(1);
      return ours;
    });
    await collected.stop();

    expect(JSON.parse(message?.value ?? '')).toEqual(committed);
    expect(message?.headers).toMatchObject({
      'content-type': 'application/cloudevents+json; charset=UTF-8',
      ce_id: committed.id,
      ce_type: 'order.created.v1',
    });
    expect(await outboxRow(rolledBack.id)).toBeUndefined();
    await eventually(async () =>
      expect((await outboxRow(committed.id))?.published_at).toBeTruthy(),
    );
  });

  it('sends again what a relay published but died before marking, and the inbox absorbs it', async () => {
    const consumerPool = infra.postgres.pool('inventory-service');
    await consumerPool.query(
      'CREATE TABLE reservations (order_id uuid NOT NULL, event_id uuid NOT NULL)',
    );
    const event = orderCreated();
    let handled = 0;
    let duplicates = 0;
    const consumer = createEventConsumer({
      kafka,
      groupId: infra.kafka.groupId('inventory-crash'),
      transaction: pgTransaction(consumerPool),
      topicName,
      onHandled: (handledEvent) => {
        if (handledEvent.id === event.id) handled += 1;
      },
      onDuplicate: (duplicate) => {
        if (duplicate.id === event.id) duplicates += 1;
      },
    }).on(OrderCreated, async (event, tx) => {
      await tx.query('INSERT INTO reservations (order_id, event_id) VALUES ($1, $2)', [
        event.data.orderId,
        event.id,
      ]);
    });
    running.push(consumer);
    await consumer.start();
    await pgTransaction(writes)((tx) => enqueue(tx, event));

    let sentByFirst = 0;
    const first: OutboxRelay = await startRelay({
      afterSend: (rows) => {
        if (!rows.some((row) => row.id === event.id)) return;
        sentByFirst += 1;
        // The process dies right after Kafka's acknowledgement: nothing more happens.
        void first.stop();
        throw new Error('crashed before marking the batch published');
      },
    });
    await eventually(() => expect(sentByFirst).toBe(1));
    await first.stop();
    expect(await outboxRow(event.id)).toMatchObject({ published_at: null, attempts: 0 });

    await startRelay();
    await eventually(async () => expect((await outboxRow(event.id))?.published_at).toBeTruthy());
    await eventually(() => expect(handled + duplicates).toBeGreaterThanOrEqual(2));
    await consumer.stop();

    expect(handled).toBe(1);
    const { rows } = await consumerPool.query(
      'SELECT count(*)::int AS count FROM reservations WHERE order_id = $1',
      [event.data.orderId],
    );
    expect(rows[0]).toEqual({ count: 1 });
  });

  it('recovers when its database connections are killed', async () => {
    const errors: unknown[] = [];
    const pool = orderServicePool();
    const applicationName = `relay-${infra.id}`;
    pool.options.application_name = applicationName;
    const relay = await startRelay({ pool, onError: (error) => errors.push(error) });
    const collected = await collectMessages(infra, [topicName(OrderCreated.topic)], 'recovers');
    running.push(collected);

    const before = orderCreated();
    await pgTransaction(writes)((tx) => enqueue(tx, before));
    await eventually(async () => expect((await outboxRow(before.id))?.published_at).toBeTruthy());

    const admin = infra.postgres.pool();
    const { rowCount } = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    expect(rowCount).toBeGreaterThan(0);

    const after = orderCreated();
    await pgTransaction(writes)((tx) => enqueue(tx, after));
    await eventually(async () => expect((await outboxRow(after.id))?.published_at).toBeTruthy());
    await eventually(() =>
      expect(collected.messages.map((m) => m.headers.ce_id)).toContain(after.id),
    );
    await collected.stop();
    await relay.stop();
    expect(errors.length).toBeGreaterThan(0);
  });

  it('keeps each key in order with two relays publishing at once', async () => {
    const keys = Array.from({ length: 5 }, () => randomUUID());
    const perKey = 20;
    const collected = await collectMessages(infra, [topicName(Sequenced.topic)], 'ordering');
    running.push(collected);
    let published = 0;
    const backlogs: number[] = [];
    // Small batches, so the two relays keep taking rows of the same keys from each other.
    const options = {
      batchSize: 7,
      onPublished: (count: number) => {
        published += count;
      },
      onBacklog: (size: number) => backlogs.push(size),
    };
    await Promise.all([startRelay(options), startRelay(options)]);

    await Promise.all(
      keys.map(async (key) => {
        for (let n = 0; n < perKey; n += 1) {
          await pgTransaction(writes)((tx) =>
            enqueue(
              tx,
              createEvent(Sequenced, { source: 'order-service', subject: key, data: { key, n } }),
            ),
          );
        }
      }),
    );

    const seen = await eventually(() => {
      const byKey = new Map<string, number[]>(keys.map((key) => [key, []]));
      for (const message of collected.messages) {
        const { data } = JSON.parse(message.value ?? '{}') as { data: { key: string; n: number } };
        byKey.get(data.key)?.push(data.n);
      }
      for (const numbers of byKey.values()) expect(numbers.length).toBeGreaterThanOrEqual(perKey);
      return byKey;
    }, 60_000);
    await collected.stop();

    const inOrder = Array.from({ length: perKey }, (_, n) => n);
    for (const numbers of seen.values()) expect(numbers).toEqual(inOrder);
    // Marking follows Kafka's acknowledgement, so the counters catch up a moment later.
    await eventually(() => {
      expect(published).toBeGreaterThanOrEqual(keys.length * perKey);
      expect(backlogs.at(-1)).toBe(0);
    });
  }, 90_000);

  it('carries the trace context of the enqueuing request to the handler', async () => {
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    try {
      const consumerPool = infra.postgres.pool('inventory-service');
      const traceIds: (string | undefined)[] = [];
      const consumer = createEventConsumer({
        kafka,
        groupId: infra.kafka.groupId('inventory-trace'),
        transaction: pgTransaction(consumerPool),
        topicName,
      }).on(OrderCreated, async (event) => {
        if (event.id === sent.id) traceIds.push(trace.getActiveSpan()?.spanContext().traceId);
      });
      const sent = orderCreated();
      const request = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceFlags: TraceFlags.SAMPLED,
      });
      await context.with(request, () => pgTransaction(writes)((tx) => enqueue(tx, sent)));
      const [stored] = (
        await writes.query<{ headers: Record<string, string> }>(
          'SELECT headers FROM outbox_events WHERE id = $1',
          [sent.id],
        )
      ).rows;
      expect(stored?.headers.traceparent).toBe(
        '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      );

      running.push(consumer);
      await consumer.start();
      await startRelay();
      await eventually(() => expect(traceIds).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736']));
      await consumer.stop();
    } finally {
      propagation.disable();
      context.disable();
    }
  });
});
