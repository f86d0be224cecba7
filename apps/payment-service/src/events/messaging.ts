import { startServiceMessaging } from '@ecommerce/events';
import { deadLetterRoutes } from '@ecommerce/service-kit';
import type { FastifyInstance } from 'fastify';
import type { PaymentServiceConfig } from '../app.ts';
import { eventSource as serviceName } from '../payments/payment-context.ts';
import { createPaymentEventConsumer, type Tx } from './consumer.ts';

/**
 * payment-service's part of the saga next to its HTTP server: the consumer of inventory.reserved
 * and order.cancelled, and the outbox relay publishing payment.*.
 */
export async function startMessaging(app: FastifyInstance, config: PaymentServiceConfig) {
  const { deadLetters } = await startServiceMessaging<Tx>(app, {
    serviceName,
    brokers: config.KAFKA_BROKERS,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    outboxDatabaseUrl: config.DATABASE_URL,
    // The charge's transaction stays open while the provider is called (and retried).
    transaction: (fn) =>
      app.db.$transaction(fn, { maxWait: 10_000, timeout: app.providerTransactionTimeoutMs }),
    consumer: (options) => createPaymentEventConsumer(options, app.paymentContext),
  });
  await app.register(deadLetterRoutes, { source: deadLetters, area: '/payments' });
}
