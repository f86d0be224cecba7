import { startServiceMessaging } from '@ecommerce/events';
import { deadLetterRoutes } from '@ecommerce/service-kit';
import type { FastifyInstance } from 'fastify';
import type { NotificationServiceConfig } from '../app.ts';
import { createNotificationEventConsumer, type Tx } from './consumer.ts';

/**
 * notification-service's part of the saga next to its HTTP server: the consumer of
 * order.confirmed and order.cancelled. It publishes nothing, so it runs no outbox relay.
 */
export async function startMessaging(app: FastifyInstance, config: NotificationServiceConfig) {
  // The transaction is held while the message is sent: every attempt, its timeout and back-off.
  const attempts = config.NOTIFICATION_SEND_ATTEMPTS;
  const sendBudgetMs =
    attempts * (config.SMTP_TIMEOUT_MS + config.NOTIFICATION_RETRY_MAX_DELAY_MS) + 5_000;
  const { deadLetters } = await startServiceMessaging<Tx>(app, {
    serviceName: 'notification-service',
    brokers: config.KAFKA_BROKERS,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    transaction: (fn) => app.db.$transaction(fn, { maxWait: 10_000, timeout: sendBudgetMs }),
    consumer: (options) => createNotificationEventConsumer(options, app.notificationSender),
  });
  await app.register(deadLetterRoutes, { source: deadLetters, area: '/notifications' });
}
