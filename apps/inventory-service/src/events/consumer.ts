import {
  createEventConsumer,
  type EventConsumer,
  type EventConsumerOptions,
  OrderCancelled,
  OrderConfirmed,
  OrderCreated,
  PaymentFailed,
  PaymentRefunded,
} from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import { onOrderCancelled } from './on-order-cancelled.ts';
import { onOrderConfirmed } from './on-order-confirmed.ts';
import { onOrderCreated } from './on-order-created.ts';
import { onPaymentFailed } from './on-payment-failed.ts';
import { onPaymentRefunded } from './on-payment-refunded.ts';

export type Tx = Prisma.TransactionClient;

/**
 * The saga's events inventory-service reacts to, each with its handler. Each event has a
 * transaction of its own: every handler locks stock rows that all orders share, and a
 * transaction over several events would hold them for the whole batch and take them in no
 * common order across partitions (deadlocks, then every event handled a second time).
 */
export function createInventoryEventConsumer(options: EventConsumerOptions<Tx>): EventConsumer<Tx> {
  return createEventConsumer<Tx>({ ...options, maxBatchSize: 1 })
    .on(OrderCreated, onOrderCreated)
    .on(PaymentFailed, onPaymentFailed)
    .on(OrderCancelled, onOrderCancelled)
    .on(OrderConfirmed, onOrderConfirmed)
    .on(PaymentRefunded, onPaymentRefunded);
}
