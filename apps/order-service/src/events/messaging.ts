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
import type { OrderServiceConfig } from '../config.ts';
import { serviceName } from '../repository/order-repository.ts';
import { createDeadlineSweeper } from '../saga/deadline-sweeper.ts';
import { createOrderEventConsumer } from './consumer.ts';

/**
 * order-service's part of the saga next to its HTTP server: the outbox relay publishing
 * order.created / order.confirmed / order.cancelled, the consumer of inventory and payment
 * events, and the deadline sweeper. All stop on close, before the database pool closes.
 */
export async function startMessaging(app: FastifyInstance, config: OrderServiceConfig) {
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
  const consumer = createOrderEventConsumer(
    {
      kafka,
      groupId: `${config.KAFKA_TOPIC_PREFIX}${serviceName}`,
      name: serviceName,
      topicName,
      transaction: (fn) => app.db.$transaction(fn, { maxWait: 10_000, timeout: 15_000 }),
      ...metrics.consumer,
      onRetry: (error, attempt, message) =>
        app.log.warn(
          { err: error, attempt, topic: message.topic },
          'event handler failed; retrying',
        ),
      onDeadLetter: (reason, error, message) => {
        metrics.consumer.onDeadLetter(reason, error, message);
        app.log.error({ err: error, reason, topic: message.topic }, 'event dead-lettered');
      },
    },
    app.sagaMetrics,
  );
  const sweeper = createDeadlineSweeper({
    db: app.db,
    deadlineMs: config.SAGA_DEADLINE_MS,
    intervalMs: config.SAGA_SWEEP_INTERVAL_MS,
    metrics: app.sagaMetrics,
    onError: (error) => app.log.warn({ err: error }, 'saga deadline sweep failed'),
  });

  await relay.start();
  await consumer.start();
  sweeper.start();
  // Registered after buildApp's closers, so it runs before them (Fastify closes in reverse).
  app.addHook('onClose', async () => {
    await sweeper.stop();
    await consumer.stop();
    await relay.stop();
    await Promise.all([pool.end(), probe.close()]);
  });
}
