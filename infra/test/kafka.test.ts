import { isolatedInfra } from '@ecommerce/testkit';
import { type EachMessagePayload, Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';

const infra = await isolatedInfra();

describe('kafka', () => {
  it('creates a topic with the admin client and round-trips messages through it', async () => {
    const kafka = infra.kafka.client();
    const topic = infra.kafka.topic('smoke');

    const admin = kafka.admin();
    await admin.connect();
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 3 }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(metadata?.partitions).toHaveLength(3);
    await admin.disconnect();

    // The producer settings every service uses: idempotent, acknowledged by all replicas, and
    // the Java client's partitioner so other languages put a key on the same partition.
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 5,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const sent = [
      { key: 'order-1', value: 'created' },
      { key: 'order-1', value: 'confirmed' },
      { key: 'order-2', value: 'created' },
    ];
    await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: infra.kafka.groupId('smoke') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: { key: string; value: string; partition: number }[] = [];
    const allReceived = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message, partition }: EachMessagePayload) => {
          received.push({
            key: message.key?.toString() ?? '',
            value: message.value?.toString() ?? '',
            partition,
          });
          if (received.length === sent.length) resolve();
        },
      });
    });
    await allReceived;
    await consumer.disconnect();

    expect(received.map(({ key, value }) => ({ key, value }))).toEqual(
      expect.arrayContaining(sent),
    );
    // One key, one partition, in the order produced: what the saga relies on.
    const order1 = received.filter((m) => m.key === 'order-1');
    expect(order1.map((m) => m.value)).toEqual(['created', 'confirmed']);
    expect(new Set(order1.map((m) => m.partition)).size).toBe(1);
  });
});
