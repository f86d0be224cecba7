import {
  contracts,
  createKafkaProbe,
  createMessagingMetrics,
  ensureTopics,
  prefixedTopic,
} from '@ecommerce/events';
import type { FastifyInstance } from 'fastify';
import type { NotificationServiceConfig } from '../app.ts';
import { createNotificationEventConsumer } from './consumer.ts';

const serviceName = 'notification-service';

/**
 * notification-service's part of the saga next to its HTTP server: the consumer of
 * order.confirmed and order.cancelled. It publishes nothing, so it runs no outbox relay. The
 * consumer stops on close, before the database pool closes.
 */
export async function startMessaging(app: FastifyInstance, config: NotificationServiceConfig) {
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

  // The transaction is held while the message is sent: every attempt, its timeout and back-off.
  const attempts = config.NOTIFICATION_SEND_ATTEMPTS;
  const sendBudgetMs =
    attempts * (config.SMTP_TIMEOUT_MS + config.NOTIFICATION_RETRY_MAX_DELAY_MS) + 5_000;
  const consumer = createNotificationEventConsumer(
    {
      kafka,
      groupId: `${config.KAFKA_TOPIC_PREFIX}${serviceName}`,
      name: serviceName,
      topicName,
      transaction: (fn) => app.db.$transaction(fn, { maxWait: 10_000, timeout: sendBudgetMs }),
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
    app.notificationSender,
  );

  await consumer.start();
  // Registered after buildApp's closers, so it runs before them (Fastify closes in reverse).
  app.addHook('onClose', async () => {
    await consumer.stop();
    await probe.close();
  });
}
