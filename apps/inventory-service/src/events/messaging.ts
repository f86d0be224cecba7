import {
  contracts,
  createEventProducer,
  createKafkaProbe,
  createMessagingMetrics,
  createOutboxPool,
  createOutboxRelay,
  ensureTopics,
  prefixedTopic,
} from '@ecommerce/events';
import type { FastifyInstance } from 'fastify';
import type { InventoryConfig } from '../app.ts';
import { createInventoryEventConsumer } from './consumer.ts';
import { serviceName } from './service-name.ts';

/**
 * inventory-service's part of the saga next to its HTTP server: the consumer of order and
 * payment events and the outbox relay publishing inventory.*. Both stop on close, before the
 * database pool closes.
 */
export async function startMessaging(app: FastifyInstance, config: InventoryConfig) {
  const kafka = {
    brokers: config.KAFKA_BROKERS.split(','),
    clientId: serviceName,
    logger: app.log,
  };
  const topicName = prefixedTopic(config.KAFKA_TOPIC_PREFIX);
  const metrics = createMessagingMetrics(app.metrics);
  await ensureTopics({ kafka, topics: contracts, topicName });

  const probe = createKafkaProbe(kafka);
  // The outbox and the inbox let HTTP requests be served while Kafka is away: degraded, not down.
  app.addReadinessCheck('kafka', probe.check, { critical: false });

  const pool = createOutboxPool(config.DATABASE_URL);
  const relay = createOutboxRelay({
    pool,
    producer: await createEventProducer({ kafka, topicName }),
    topicName,
    ...metrics.relay,
    onError: (error) => app.log.warn({ err: error }, 'outbox relay failed; retrying'),
  });
  const consumer = createInventoryEventConsumer({
    kafka,
    groupId: `${config.KAFKA_TOPIC_PREFIX}${serviceName}`,
    name: serviceName,
    topicName,
    // The client's transaction limits (src/db.ts) allow for waiting on stock row locks.
    transaction: (fn) => app.db.$transaction(fn),
    ...metrics.consumer,
    onRetry: (error, attempt, message) =>
      app.log.warn({ err: error, attempt, topic: message.topic }, 'event handler failed; retrying'),
    onDeadLetter: (reason, error, message) => {
      metrics.consumer.onDeadLetter(reason, error, message);
      app.log.error({ err: error, reason, topic: message.topic }, 'event dead-lettered');
    },
  });

  await relay.start();
  await consumer.start();
  // Registered after buildApp's closers, so it runs before them (Fastify closes in reverse).
  app.addHook('onClose', async () => {
    await consumer.stop();
    await relay.stop();
    await Promise.all([pool.end(), probe.close()]);
  });
}
