import { isolatedInfra } from '@ecommerce/testkit';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createConsumerLagMetric, partitionLag } from '../src/index.ts';
import { eventually, kafkaSettings } from './support.ts';

const infra = await isolatedInfra();
const quiet = { error() {}, warn() {}, info() {}, debug() {} };

/** `events_consumer_lag` samples of one scrape, keyed `topic/partition`. */
async function scrapeLag(registry: Registry): Promise<Map<string, number>> {
  const metric = await registry.getSingleMetric('events_consumer_lag')?.get();
  return new Map(
    (metric?.values ?? []).map(({ labels, value }) => [
      `${labels.topic}/${labels.partition}`,
      value,
    ]),
  );
}

const total = (lag: Map<string, number>) => [...lag.values()].reduce((sum, n) => sum + n, 0);

describe('partitionLag', () => {
  it('is the high watermark minus the committed offset', () => {
    expect(partitionLag({ high: '42', low: '0', committed: '40' })).toBe(2);
    expect(partitionLag({ high: '42', low: '0', committed: '42' })).toBe(0);
  });

  it('counts from the oldest held message when the group committed nothing', () => {
    expect(partitionLag({ high: '42', low: '10', committed: '-1' })).toBe(32);
  });

  it('counts only messages still held when the committed offset was deleted by retention', () => {
    expect(partitionLag({ high: '42', low: '30', committed: '12' })).toBe(12);
  });

  it('is never negative', () => {
    expect(partitionLag({ high: '5', low: '0', committed: '7' })).toBe(0);
  });
});

describe('events_consumer_lag', () => {
  it('counts what the group has not committed, per partition, and drops to 0 once it has', async () => {
    const topic = infra.kafka.topic('lag');
    const groupId = infra.kafka.groupId('lag');
    const admin = infra.kafka.client().admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    await admin.disconnect();

    const producer = infra.kafka.client().producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 7 }, (_, i) => ({ key: `order-${i}`, value: `${i}` })),
    });
    await producer.disconnect();

    const registry = new Registry();
    const lagMetric = createConsumerLagMetric(registry, {
      kafka: kafkaSettings(infra),
      groupId,
      topics: () => [topic],
    });
    afterAll(() => lagMetric.close());

    const before = await scrapeLag(registry);
    expect([...before.keys()].sort()).toEqual([`${topic}/0`, `${topic}/1`]);
    expect(total(before)).toBe(7);

    const consumer = infra.kafka.client().consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let consumed = 0;
    await consumer.run({
      eachMessage: async () => {
        consumed += 1;
      },
    });
    try {
      await eventually(async () => {
        expect(consumed).toBe(7);
        expect(total(await scrapeLag(registry))).toBe(0);
      }, 40_000);
    } finally {
      await consumer.disconnect();
    }
    expect(await scrapeLag(registry)).toEqual(
      new Map([
        [`${topic}/0`, 0],
        [`${topic}/1`, 0],
      ]),
    );
  }, 60_000);

  it('answers a scrape within its time limit, without series, when Kafka cannot be reached', async () => {
    const registry = new Registry();
    const lagMetric = createConsumerLagMetric(registry, {
      kafka: { brokers: ['127.0.0.1:1'], clientId: infra.id, logger: quiet },
      groupId: infra.kafka.groupId('nobody'),
      topics: () => [infra.kafka.topic('nowhere')],
      timeoutMs: 500,
    });
    try {
      const text = await registry.metrics();
      expect(text).toContain('# TYPE events_consumer_lag gauge');
      expect(text).not.toContain('events_consumer_lag{');
    } finally {
      await lagMetric.close();
    }
  });
});
