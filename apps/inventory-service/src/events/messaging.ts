import { startServiceMessaging } from '@ecommerce/events';
import { deadLetterRoutes } from '@ecommerce/service-kit';
import type { FastifyInstance } from 'fastify';
import type { InventoryConfig } from '../app.ts';
import { createInventoryEventConsumer, type Tx } from './consumer.ts';
import { serviceName } from './service-name.ts';

/**
 * inventory-service's part of the saga next to its HTTP server: the consumer of order and
 * payment events and the outbox relay publishing inventory.*.
 */
export async function startMessaging(app: FastifyInstance, config: InventoryConfig) {
  const { deadLetters } = await startServiceMessaging<Tx>(app, {
    serviceName,
    brokers: config.KAFKA_BROKERS,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    outboxDatabaseUrl: config.DATABASE_URL,
    // The client's transaction limits (src/db.ts) allow for waiting on stock row locks.
    transaction: (fn) => app.db.$transaction(fn),
    consumer: createInventoryEventConsumer,
  });
  await app.register(deadLetterRoutes, { source: deadLetters, area: '/inventory' });
}
