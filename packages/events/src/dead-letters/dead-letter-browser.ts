import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { createKafkaClient, type KafkaSettings } from '../kafka/client.ts';
import { createEventProducer, type EventProducer } from '../kafka/producer.ts';
import {
  type DeadLetterEntry,
  deadLetterEntry,
  type RawDeadLetter,
  replayRecord,
} from './dead-letter-entry.ts';

export interface DeadLetterBrowserOptions {
  kafka: KafkaSettings;
  /** The dead-letter topics to follow, as named in Kafka. */
  topics: readonly string[];
  /** Only this consumer's dead letters are listed (a dead-letter topic is shared). */
  consumerName: string;
  /** Consumer group id prefix; each instance reads with a group of its own. */
  groupPrefix: string;
  /** Dead letters kept, newest first; older ones stay in Kafka. Default 500. */
  capacity?: number;
}

export interface DeadLetterBrowser {
  /** This consumer's dead letters, newest first. */
  list(): DeadLetterEntry[];
  /**
   * Puts a dead letter back on its original topic; returns the entry, marked replayed, or
   * undefined when this consumer has no dead letter with that id.
   */
  replay(id: string, actor: string): Promise<DeadLetterEntry | undefined>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Follows a service's dead-letter topics from the beginning with a group of its own that
 * commits nothing (so every instance and every restart sees them all) and keeps the latest
 * ones in memory for listing. Kafka stays the record: nothing is removed from the topics.
 */
/** How long stop waits for the browser's Kafka clients to disconnect. */
const stopWaitMs = 3000;

export function createDeadLetterBrowser(options: DeadLetterBrowserOptions): DeadLetterBrowser {
  const capacity = options.capacity ?? 500;
  const entries = new Map<string, { entry: DeadLetterEntry; raw: RawDeadLetter }>();
  let consumer: Consumer | undefined;
  let producer: EventProducer | undefined;

  const remember = (raw: RawDeadLetter) => {
    const entry = deadLetterEntry(raw);
    if (entry.consumer !== options.consumerName) return;
    entries.set(entry.id, { entry, raw });
    // A replay that failed again names its original: that one was replayed.
    const original = entry.replayOf ? entries.get(entry.replayOf) : undefined;
    if (original && !original.entry.replayedAt) original.entry.replayedAt = entry.failedAt;
    while (entries.size > capacity) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  };

  return {
    list: () =>
      [...entries.values()]
        .map(({ entry }) => ({ ...entry }))
        .sort((a, b) => b.failedAt.localeCompare(a.failedAt)),
    async replay(id, actor) {
      const found = entries.get(id);
      if (!found) return undefined;
      producer ??= await createEventProducer({ kafka: options.kafka });
      await producer.send([replayRecord(found.raw, found.entry, actor)]);
      found.entry.replayedAt = new Date().toISOString();
      return { ...found.entry };
    },
    async start() {
      if (options.topics.length === 0) return;
      consumer = createKafkaClient(options.kafka).consumer({
        // Not under the service's group prefix: the group commits nothing, so the broker drops
        // it once its member leaves or times out (a killed instance's lingers for its session
        // timeout, and must not hold up whoever removes the prefix's groups).
        groupId: `dead-letter-browser.${options.groupPrefix}.${randomUUID()}`,
        allowAutoTopicCreation: false,
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          remember({
            topic,
            partition,
            offset: message.offset,
            key: message.key,
            value: message.value,
            headers: message.headers ?? {},
          });
        },
      });
    },
    async stop() {
      // The browser commits nothing and keeps only a cache, so nothing is lost by not waiting
      // for a disconnect that a Kafka client still reconnecting after an outage holds up (it
      // did, past the service's shutdown deadline); it gets a few seconds.
      const disconnected = Promise.all([consumer?.disconnect(), producer?.disconnect()]);
      let timer: NodeJS.Timeout | undefined;
      const givenUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, stopWaitMs);
        timer.unref();
      });
      await Promise.race([disconnected, givenUp]);
      clearTimeout(timer);
    },
  };
}
