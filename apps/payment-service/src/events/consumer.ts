import {
  createEventConsumer,
  type EventConsumer,
  type EventConsumerOptions,
  InventoryReserved,
  OrderCancelled,
} from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import type { PaymentContext } from '../payments/payment-context.ts';
import { onInventoryReserved } from './on-inventory-reserved.ts';
import { onOrderCancelled } from './on-order-cancelled.ts';

export type Tx = Prisma.TransactionClient;

/** The saga's events payment-service reacts to, each with its handler. */
export function createPaymentEventConsumer(
  options: EventConsumerOptions<Tx>,
  context: PaymentContext,
): EventConsumer<Tx> {
  return createEventConsumer<Tx>(options)
    .on(InventoryReserved, onInventoryReserved(context))
    .on(OrderCancelled, onOrderCancelled(context));
}
