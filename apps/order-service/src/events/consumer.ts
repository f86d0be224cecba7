import {
  createEventConsumer,
  type EventConsumer,
  type EventConsumerOptions,
  InventoryRejected,
  InventoryReserved,
  PaymentFailed,
  PaymentRefunded,
  PaymentSucceeded,
} from '@ecommerce/events';
import type { Prisma } from '../generated/prisma/client.ts';
import type { SagaMetrics } from '../saga/saga-metrics.ts';
import { onInventoryRejected } from './on-inventory-rejected.ts';
import { onInventoryReserved } from './on-inventory-reserved.ts';
import { onPaymentFailed } from './on-payment-failed.ts';
import { onPaymentRefunded } from './on-payment-refunded.ts';
import { onPaymentSucceeded } from './on-payment-succeeded.ts';

export type Tx = Prisma.TransactionClient;

/** The saga's events order-service reacts to, each with its handler. */
export function createOrderEventConsumer(
  options: EventConsumerOptions<Tx>,
  metrics: SagaMetrics,
): EventConsumer<Tx> {
  return createEventConsumer<Tx>(options)
    .on(InventoryReserved, onInventoryReserved(metrics))
    .on(InventoryRejected, onInventoryRejected(metrics))
    .on(PaymentSucceeded, onPaymentSucceeded(metrics))
    .on(PaymentFailed, onPaymentFailed(metrics))
    .on(PaymentRefunded, onPaymentRefunded(metrics));
}
