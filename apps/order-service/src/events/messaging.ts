import { startServiceMessaging } from '@ecommerce/events';
import { deadLetterRoutes } from '@ecommerce/service-kit';
import type { FastifyInstance } from 'fastify';
import type { OrderServiceConfig } from '../config.ts';
import { serviceName } from '../repository/order-repository.ts';
import { transactionWithAfterCommit } from '../saga/after-commit.ts';
import { createDeadlineSweeper } from '../saga/deadline-sweeper.ts';
import { createOrderEventConsumer, type Tx } from './consumer.ts';

/**
 * order-service's part of the saga next to its HTTP server: the outbox relay publishing
 * order.created / order.confirmed / order.cancelled / order.refunded, the consumer of inventory and payment
 * events, and the deadline sweeper.
 */
export async function startMessaging(app: FastifyInstance, config: OrderServiceConfig) {
  const { deadLetters } = await startServiceMessaging<Tx>(app, {
    serviceName,
    brokers: config.KAFKA_BROKERS,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    outboxDatabaseUrl: config.DATABASE_URL,
    // Handlers defer their metrics until the inbox transaction commits (saga/after-commit.ts).
    transaction: (fn) =>
      transactionWithAfterCommit(app.db, fn, { maxWait: 10_000, timeout: 15_000 }),
    consumer: (options) => createOrderEventConsumer(options, app.sagaMetrics),
  });
  await app.register(deadLetterRoutes, { source: deadLetters, area: '/orders' });

  const sweeper = createDeadlineSweeper({
    db: app.db,
    deadlineMs: config.SAGA_DEADLINE_MS,
    intervalMs: config.SAGA_SWEEP_INTERVAL_MS,
    metrics: app.sagaMetrics,
    onError: (error) => app.log.warn({ err: error }, 'saga deadline sweep failed'),
  });
  sweeper.start();
  // Registered last, so it runs first on close: no new cancellations while the consumer stops.
  app.addHook('onClose', () => sweeper.stop());
}
