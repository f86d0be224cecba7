import type { Admin } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';
import { createKafkaClient, type KafkaSettings } from '../kafka/client.ts';
import { partitionLag } from './partition-lag.ts';

export interface ConsumerLagOptions {
  kafka: KafkaSettings;
  groupId: string;
  /** The topics the group reads, as named in Kafka (prefix included); asked at every scrape. */
  topics: () => readonly string[];
  /** How long a scrape waits for Kafka before it keeps the previous values (default 2 000). */
  timeoutMs?: number;
}

export interface ConsumerLagMetric {
  /** Disconnects the admin client. */
  close(): Promise<void>;
}

interface LagSample {
  topic: string;
  partition: number;
  lag: number;
}

class ScrapeTimeout extends Error {
  constructor(ms: number) {
    super(`Kafka did not report offsets within ${ms} ms`);
    this.name = 'ScrapeTimeout';
  }
}

function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScrapeTimeout(ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `events_consumer_lag{topic, partition}`: messages of each partition the group reads that it
 * has not committed, computed when Prometheus scrapes (the high watermark minus the committed
 * offset). The admin connection is opened at the first scrape and kept. A scrape never waits
 * longer than the time limit and never fails: while Kafka cannot answer, the series keep their
 * last values and the reason goes to the log at debug level.
 */
export function createConsumerLagMetric(
  registry: Registry,
  options: ConsumerLagOptions,
): ConsumerLagMetric {
  const timeoutMs = options.timeoutMs ?? 2_000;
  let admin: Admin | undefined;
  let inFlight: Promise<LagSample[]> | undefined;
  let closed = false;

  async function connected(): Promise<Admin> {
    if (admin) return admin;
    // The scrape's time limit bounds the retries; the next scrape tries again anyway.
    const client = createKafkaClient(options.kafka, {
      retry: { retries: 2, initialRetryTime: 100 },
      connectionTimeout: 1_000,
    }).admin();
    admin = client;
    await client.connect();
    return client;
  }

  function dropConnection(): void {
    const stale = admin;
    admin = undefined;
    void stale?.disconnect().catch(() => {});
  }

  async function readLag(): Promise<LagSample[]> {
    const topics = [...options.topics()];
    if (topics.length === 0) return [];
    const client = await connected();
    // Watermarks first: they load the topics' metadata, which the group lookup relies on.
    const watermarks = await Promise.all(topics.map((topic) => client.fetchTopicOffsets(topic)));
    const committed = await client.fetchOffsets({ groupId: options.groupId, topics });
    const committedOf = new Map(
      committed.flatMap(({ topic, partitions }) =>
        partitions.map(({ partition, offset }) => [`${topic}/${partition}`, offset] as const),
      ),
    );
    return topics.flatMap((topic, index) =>
      [...(watermarks[index] ?? [])]
        .sort((a, b) => a.partition - b.partition)
        .map(({ partition, high, low }) => ({
          topic,
          partition,
          lag: partitionLag({
            high,
            low,
            committed: committedOf.get(`${topic}/${partition}`) ?? '-1',
          }),
        })),
    );
  }

  new Gauge({
    name: 'events_consumer_lag',
    help: "Messages in each partition the service's consumer group reads that it has not committed yet.",
    labelNames: ['topic', 'partition'] as const,
    registers: [registry],
    async collect() {
      if (closed) return;
      // Scrapes arriving together share one round of requests.
      inFlight ??= withinTime(readLag(), timeoutMs).finally(() => {
        inFlight = undefined;
      });
      try {
        const samples = await inFlight;
        this.reset();
        for (const { topic, partition, lag } of samples) {
          this.set({ topic, partition: String(partition) }, lag);
        }
      } catch (error) {
        dropConnection();
        options.kafka.logger?.debug(
          { err: error },
          'consumer lag not read; keeping the last values',
        );
      }
    },
  });

  return {
    async close() {
      closed = true;
      const client = admin;
      admin = undefined;
      await client?.disconnect();
    },
  };
}
