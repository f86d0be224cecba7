import type { EventHandler, PaymentFailed } from '@ecommerce/events';
import type { Prisma } from '../generated/prisma/client.ts';
import type { SagaMetrics } from '../saga/saga-metrics.ts';
import { reactToEvent } from './react-to-event.ts';

/**
 * payment.failed: nothing was charged, so the order is CANCELLED (payment_declined) and
 * order.cancelled announces it. Compensation: inventory releases the reservation, on this
 * payment.failed and again (idempotently) on order.cancelled.
 */
export function onPaymentFailed(
  metrics: SagaMetrics,
): EventHandler<typeof PaymentFailed, Prisma.TransactionClient> {
  return (event, tx) =>
    reactToEvent(
      tx,
      { orderId: event.data.orderId, event: 'payment_failed', cause: 'payment.failed' },
      metrics,
    );
}
