import {
  createEventConsumer,
  type EventConsumer,
  type EventConsumerOptions,
  OrderCancelled,
  OrderConfirmed,
  OrderCreated,
  PaymentFailed,
} from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import { onOrderCancelled } from './on-order-cancelled.ts';
import { onOrderConfirmed } from './on-order-confirmed.ts';
import { onOrderCreated } from './on-order-created.ts';
import { onPaymentFailed } from './on-payment-failed.ts';

export type Tx = Prisma.TransactionClient;

/** The saga's events inventory-service reacts to, each with its handler. */
export function createInventoryEventConsumer(options: EventConsumerOptions<Tx>): EventConsumer<Tx> {
  return createEventConsumer<Tx>(options)
    .on(OrderCreated, onOrderCreated)
    .on(PaymentFailed, onPaymentFailed)
    .on(OrderCancelled, onOrderCancelled)
    .on(OrderConfirmed, onOrderConfirmed);
}
