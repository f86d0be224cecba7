import type { EventHandler, PaymentSucceeded } from '@ecommerce/events';
import type { Prisma } from '../generated/prisma/client.ts';
import { returnIfRefundedBefore } from '../saga/return-order.ts';
import type { SagaMetrics } from '../saga/saga-metrics.ts';
import { reactToEvent } from './react-to-event.ts';

/**
 * payment.succeeded: the order is CONFIRMED and order.confirmed tells inventory to commit the
 * reservation and notification to write to the customer. If the order was cancelled before
 * (deadline, customer), it stays cancelled: payment-service refunds the charge on the
 * order.cancelled it already received or will receive. A refund read before this event (an
 * admin refunded the charge meanwhile) returns the order right after it is confirmed.
 */
export function onPaymentSucceeded(
  metrics: SagaMetrics,
): EventHandler<typeof PaymentSucceeded, Prisma.TransactionClient> {
  return async (event, tx) => {
    await reactToEvent(
      tx,
      {
        orderId: event.data.orderId,
        event: 'payment_succeeded',
        cause: 'payment.succeeded',
        paymentId: event.data.paymentId,
      },
      metrics,
    );
    await returnIfRefundedBefore(tx, event.data.orderId, metrics);
  };
}
