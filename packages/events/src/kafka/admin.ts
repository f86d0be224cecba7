import type { EventContract } from '../contracts/define-contract.ts';
import { deadLetterTopic, type TopicName, unprefixedTopic } from '../topics.ts';
import { createKafkaClient, type KafkaSettings } from './client.ts';

export interface EnsureTopicsOptions {
  kafka: KafkaSettings;
  /** Contracts (or bare topic names) whose topics must exist; each gets its `.dlq` too. */
  topics: readonly (EventContract | string)[];
  topicName?: TopicName;
  /** Partitions of a new topic; keys spread over them, one key always on the same one. */
  partitions?: number;
  replicationFactor?: number;
}

/** Creates the missing topics and their dead-letter topics; leaves existing ones as they are. */
export async function ensureTopics(options: EnsureTopicsOptions): Promise<string[]> {
  const topicName = options.topicName ?? unprefixedTopic;
  const wanted = options.topics
    .map((t) => (typeof t === 'string' ? t : t.topic))
    .flatMap((topic) => [topicName(topic), topicName(deadLetterTopic(topic))]);
  const admin = createKafkaClient(options.kafka).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(wanted)].filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: options.partitions ?? 3,
          // Absent: the broker's default.replication.factor.
          ...(options.replicationFactor ? { replicationFactor: options.replicationFactor } : {}),
        })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
