import { randomUUID } from 'node:crypto';
import { type Admin, type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';
import type { ContractTarget } from './settings.ts';

export interface TappedMessage {
  /** The contract topic, without the deployment's prefix. */
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface PublishedMessage {
  topic: string;
  partition: number;
  offset: string;
}

interface WaitOptions {
  timeoutMs?: number;
}

/**
 * The suite's window on the service's Kafka: it publishes what the service consumes and records
 * everything on the topics the service writes, from the beginning, so no message is missed
 * whatever the timing.
 */
export class EventTap {
  readonly received: TappedMessage[] = [];
  private readonly target: ContractTarget;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly consumer: Consumer;

  private constructor(
    target: ContractTarget,
    admin: Admin,
    producer: Producer,
    consumer: Consumer,
  ) {
    this.target = target;
    this.admin = admin;
    this.producer = producer;
    this.consumer = consumer;
  }

  static async open(target: ContractTarget, options: { reads: string[]; writes: string[] }) {
    const kafka = new Kafka({
      clientId: 'contract-suite',
      brokers: target.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    // Topics are the system's (one per event type, each with its .dlq); creating the ones
    // missing lets the suite start before or after the service.
    const wanted = [...options.reads, ...options.writes].map((topic) => target.topicPrefix + topic);
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin
        .createTopics({
          topics: missing.map((topic) => ({ topic, numPartitions: 3 })),
          waitForLeaders: true,
        })
        .catch((error: unknown) => {
          // Another client (the service) created them meanwhile.
          if (!String(error).includes('already exists')) throw error;
        });
    }
    const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true });
    await producer.connect();
    const consumer = kafka.consumer({
      groupId: `${target.topicPrefix}contract-suite-${randomUUID()}`,
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: options.reads.map((topic) => target.topicPrefix + topic),
      fromBeginning: true,
    });
    const tap = new EventTap(target, admin, producer, consumer);
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value !== undefined) headers[name] = String(Array.isArray(value) ? value[0] : value);
        }
        tap.received.push({
          topic: topic.slice(target.topicPrefix.length),
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers,
        });
      },
    });
    return tap;
  }

  async publish(
    topic: string,
    message: { key: string; value: string; headers?: Record<string, string> },
  ): Promise<PublishedMessage> {
    const fullTopic = this.target.topicPrefix + topic;
    const [record] = await this.producer.send({ topic: fullTopic, acks: -1, messages: [message] });
    if (!record) throw new Error(`no acknowledgement from ${fullTopic}`);
    return { topic, partition: record.partition, offset: record.baseOffset ?? '0' };
  }

  /** The messages recorded so far that match. */
  matching(predicate: (message: TappedMessage) => boolean): TappedMessage[] {
    return this.received.filter(predicate);
  }

  /** The first recorded message that matches, waiting for it (polling, bounded). */
  async waitFor(predicate: (message: TappedMessage) => boolean, options: WaitOptions = {}) {
    const deadline = Date.now() + (options.timeoutMs ?? 20_000);
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('no matching message arrived in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Waits until the service's consumer group has committed past a message: the service has
   * handled it (or dead-lettered it). This is how the suite knows "nothing happened" without
   * sleeping: the group id is `<prefix><service name>`, as the system's contract says.
   */
  async waitUntilConsumed(group: string, message: PublishedMessage, options: WaitOptions = {}) {
    const groupId = this.target.topicPrefix + group;
    const topic = this.target.topicPrefix + message.topic;
    const deadline = Date.now() + (options.timeoutMs ?? 20_000);
    for (;;) {
      const [offsets] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = offsets?.partitions.find((p) => p.partition === message.partition)?.offset;
      if (committed !== undefined && BigInt(committed) > BigInt(message.offset)) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${groupId} did not commit past ${topic}[${message.partition}]@${message.offset} in time`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
    await this.admin.disconnect();
  }
}
