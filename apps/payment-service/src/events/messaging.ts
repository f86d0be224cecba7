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
import type { PaymentServiceConfig } from '../app.ts';
import { eventSource as serviceName } from '../payments/payment-context.ts';
import { createPaymentEventConsumer } from './consumer.ts';

/**
 * payment-service's part of the saga next to its HTTP server: the consumer of inventory.reserved
 * and order.cancelled, and the outbox relay publishing payment.*. Both stop on close, before the
 * database pool closes.
 */
export async function startMessaging(app: FastifyInstance, config: PaymentServiceConfig) {
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
  const consumer = createPaymentEventConsumer(
    {
      kafka,
      groupId: `${config.KAFKA_TOPIC_PREFIX}${serviceName}`,
      name: serviceName,
      topicName,
      // The charge's transaction stays open while the provider is called (and retried).
      transaction: (fn) =>
        app.db.$transaction(fn, { maxWait: 10_000, timeout: app.providerTransactionTimeoutMs }),
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
    app.paymentContext,
  );

  await relay.start();
  await consumer.start();
  // Registered after buildApp's closers, so it runs before them (Fastify closes in reverse).
  app.addHook('onClose', async () => {
    await consumer.stop();
    await relay.stop();
    await Promise.all([pool.end(), probe.close()]);
  });
}
