import { isolatedInfra } from '@ecommerce/testkit';
import type { PoolClient } from 'pg';
import { describe, expect, it } from 'vitest';
import { createEventConsumer, ensureTopics, OrderCreated, pgTransaction } from '../src/index.ts';
import { eventually, kafkaSettings } from './support.ts';

const infra = await isolatedInfra();
const kafka = kafkaSettings(infra);
const topicName = infra.kafka.topic;
const pool = infra.postgres.pool('inventory-service');

describe('a consumer the Kafka client gave up on', () => {
  it('is started again with a fresh client, and stays stopped once stop() was called', async () => {
    await ensureTopics({ kafka, topics: [OrderCreated], topicName });
    const crashes: string[] = [];
    const consumer = createEventConsumer<PoolClient>({
      kafka: { ...kafka, logger: silent },
      groupId: infra.kafka.groupId('crashing'),
      transaction: pgTransaction(pool),
      topicName,
      // Below the broker's group.min.session.timeout.ms: joining the group fails with
      // INVALID_SESSION_TIMEOUT, an error kafkajs does not restart from by itself.
      sessionTimeoutMs: 1_000,
      onCrash: (error) => crashes.push((error as Error).message),
    }).on(OrderCreated, async () => {});

    await consumer.start();
    await eventually(() => expect(crashes.length).toBeGreaterThanOrEqual(2), 30_000);
    expect(crashes[0]).toMatch(/session timeout/i);
    await consumer.stop();
    const after = crashes.length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(crashes.length).toBe(after);
  }, 60_000);
});

const silent = { error() {}, warn() {}, info() {}, debug() {} };
