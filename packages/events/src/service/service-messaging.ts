import type { Registry } from 'prom-client';
import { contracts } from '../contracts/registry.ts';
import {
  createDeadLetterBrowser,
  type DeadLetterBrowser,
} from '../dead-letters/dead-letter-browser.ts';
import { ensureTopics } from '../kafka/admin.ts';
import type { EventsLogger, KafkaSettings } from '../kafka/client.ts';
import type { EventConsumer, EventConsumerOptions, TransactionRunner } from '../kafka/consumer.ts';
import { createKafkaProbe } from '../kafka/probe.ts';
import { createEventProducer } from '../kafka/producer.ts';
import { createOutboxPool } from '../outbox/pool.ts';
import { createOutboxRelay } from '../outbox/relay.ts';
import type { TransactionClient } from '../sql-client.ts';
import { deadLetterTopic, prefixedTopic } from '../topics.ts';
import { createConsumerLagMetric } from './consumer-lag.ts';
import { createMessagingMetrics } from './messaging-metrics.ts';

/** What a service app offers messaging: a Fastify app built by service-kit fits. */
export interface MessagingHost {
  log: EventsLogger;
  metrics: Registry;
  addReadinessCheck(
    name: string,
    check: (signal: AbortSignal) => unknown,
    options: { critical: boolean },
  ): void;
  addHook(name: 'onClose', hook: () => Promise<void>): unknown;
}

export interface ServiceMessagingOptions<Tx extends TransactionClient> {
  serviceName: string;
  /** KAFKA_BROKERS: comma-separated host:port. */
  brokers: string;
  /** KAFKA_TOPIC_PREFIX: put before every topic and the consumer group (tests isolate this way). */
  topicPrefix: string;
  /** The service role's URL, for the outbox relay's own pool; omit when nothing is published. */
  outboxDatabaseUrl?: string;
  /** One database transaction for a handler's effects and its inbox row. */
  transaction: TransactionRunner<Tx>;
  /** Builds the service's consumer from the common options and registers its handlers. */
  consumer(options: EventConsumerOptions<Tx>): EventConsumer<Tx>;
}

export interface ServiceMessaging {
  deadLetters: DeadLetterBrowser;
}

/**
 * A service's part of the saga next to its HTTP server, the same in every service: topics
 * ensured, Kafka as a non-critical readiness check (the outbox and the inbox let HTTP requests
 * be served while Kafka is away: degraded, not down), the outbox relay, the consumer group
 * named after the service, the shared metrics (consumer lag among them) and logs. Everything stops on close, before the
 * closers registered earlier (the database pool among them), since Fastify closes in reverse.
 */
export async function startServiceMessaging<Tx extends TransactionClient>(
  host: MessagingHost,
  options: ServiceMessagingOptions<Tx>,
): Promise<ServiceMessaging> {
  const { serviceName, topicPrefix } = options;
  const kafka: KafkaSettings = {
    brokers: options.brokers.split(','),
    clientId: serviceName,
    logger: host.log,
  };
  const topicName = prefixedTopic(topicPrefix);
  const metrics = createMessagingMetrics(host.metrics);
  await ensureTopics({ kafka, topics: contracts, topicName });

  const probe = createKafkaProbe(kafka);
  host.addReadinessCheck('kafka', probe.check, { critical: false });

  const pool = options.outboxDatabaseUrl
    ? createOutboxPool(options.outboxDatabaseUrl, 3, (error) =>
        host.log.warn({ err: error }, 'idle outbox connection failed; the pool replaces it'),
      )
    : undefined;
  const relay = pool
    ? createOutboxRelay({
        pool,
        producer: await createEventProducer({ kafka, topicName }),
        topicName,
        ...metrics.relay,
        onError: (error) => host.log.warn({ err: error }, 'outbox relay failed; retrying'),
      })
    : undefined;
  const groupId = `${topicPrefix}${serviceName}`;
  const consumer = options.consumer({
    kafka,
    groupId,
    name: serviceName,
    topicName,
    transaction: options.transaction,
    ...metrics.consumer,
    onRetry: (error, attempt, message) =>
      host.log.warn(
        { err: error, attempt, topic: message.topic },
        'event handler failed; retrying',
      ),
    onCrash: (error, restartInMs) =>
      host.log.error({ err: error, restartInMs }, 'event consumer crashed; starting it again'),
    onDeadLetter: (reason, error, message) => {
      metrics.consumer.onDeadLetter(reason, error, message);
      host.log.error({ err: error, reason, topic: message.topic }, 'event dead-lettered');
    },
  });

  const lag = createConsumerLagMetric(host.metrics, {
    kafka,
    groupId,
    topics: () => consumer.topics,
  });

  // The service's own dead letters, for listing and replaying (deadLetterRoutes in service-kit).
  const deadLetters = createDeadLetterBrowser({
    kafka,
    topics: consumer.topics.map((topic) => deadLetterTopic(topic)),
    consumerName: serviceName,
    groupPrefix: groupId,
  });

  await relay?.start();
  await consumer.start();
  // Listing dead letters is for operators: the saga runs on without it, so a failure to follow
  // the dead-letter topics is logged, not fatal (the listing stays empty until a restart).
  await deadLetters
    .start()
    .catch((error: unknown) =>
      host.log.error({ err: error }, 'cannot follow the dead-letter topics; listing none'),
    );
  // Each part's stop is timed: a slow one (a Kafka client still reconnecting after an outage)
  // is what makes a shutdown overrun its deadline, so it is named in the log.
  const timed = async (part: string, stop: () => Promise<unknown> | undefined) => {
    const startedAt = Date.now();
    const slow = setTimeout(() => host.log.warn({ part }, 'still stopping after 2 s'), 2000);
    try {
      await stop();
    } finally {
      clearTimeout(slow);
    }
    const ms = Date.now() - startedAt;
    if (ms > 2000) host.log.warn({ part, ms }, 'slow to stop');
  };
  host.addHook('onClose', async () => {
    await timed('consumer', () => consumer.stop());
    await timed('outbox relay', () => relay?.stop());
    await Promise.all([
      timed('outbox pool', () => pool?.end()),
      timed('kafka probe', () => probe.close()),
      timed('consumer lag', () => lag.close()),
      timed('dead-letter browser', () => deadLetters.stop()),
    ]);
  });
  return { deadLetters };
}
