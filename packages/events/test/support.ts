import { readFileSync } from 'node:fs';
import type { Isolation } from '@ecommerce/testkit';
import type { IHeaders } from 'kafkajs';
import type pg from 'pg';
import type { KafkaSettings } from '../src/index.ts';

const outboxDdl = readFileSync(new URL('../sql/outbox.sql', import.meta.url), 'utf8');

/** Creates the outbox and inbox tables in the schema of the pool's service role. */
export async function createOutboxTables(pool: pg.Pool): Promise<void> {
  await pool.query(outboxDdl);
}

export function kafkaSettings(infra: Isolation): KafkaSettings {
  return { brokers: infra.kafka.brokers, clientId: infra.id };
}

export interface CollectedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
}

/** Reads every message of `topics` from the start, as a separate consumer group would. */
export async function collectMessages(infra: Isolation, topics: string[], name: string) {
  const consumer = infra.kafka
    .client()
    .consumer({ groupId: infra.kafka.groupId(name), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const messages: CollectedMessage[] = [];
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      messages.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        headers: headerStrings(message.headers),
      });
    },
  });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= consumer.disconnect();
    return stopped;
  };
  return { messages, stop };
}

/** Retries `check` until it stops throwing; real servers on a busy machine take their time. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 25_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
