import { type EventHandler, NonRetryableEventError, type PaymentRefunded } from '@ecommerce/events';
import { whenRefunded } from '../domain/order-state-machine.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { lockOrderStatus, recordStep } from '../repository/order-repository.ts';
import { activeTraceId } from '../saga/advance-order.ts';
import { returnOrder } from '../saga/return-order.ts';
import type { SagaMetrics } from '../saga/saga-metrics.ts';

/**
 * payment.refunded: a charge went back to the customer. The refund is recorded (once per
 * order), under the order's lock. A CONFIRMED order is returned: REFUNDED, and order.refunded
 * tells notification. An order not confirmed yet keeps the refund for its confirmation
 * (on-payment-succeeded returns it then). A CANCELLED order's refund is its compensation: it
 * only shows on the timeline. Inventory reads the same event to put the units back on hand.
 */
export function onPaymentRefunded(
  metrics: SagaMetrics,
): EventHandler<typeof PaymentRefunded, Prisma.TransactionClient> {
  return async (event, tx) => {
    const { orderId, refundId, paymentId, amount, restock = false } = event.data;
    const status = await lockOrderStatus(tx, orderId);
    // Retrying cannot make an unknown order appear: straight to the dead-letter topic.
    if (!status) throw new NonRetryableEventError(`No order ${orderId}`);
    await tx.orderRefund.createMany({
      data: [
        {
          orderId,
          refundId,
          paymentId,
          amount: amount.amount,
          currency: amount.currency,
          restock,
        },
      ],
      skipDuplicates: true,
    });
    const next = whenRefunded(status);
    if (next === 'return_now') return returnOrder(tx, orderId, metrics);
    await recordStep(tx, {
      orderId,
      step: 'payment.refunded',
      status,
      reason:
        next === 'after_confirmation'
          ? 'held: the order is returned once it is confirmed'
          : `ignored: the order is ${status}`,
      ...activeTraceId(),
    });
  };
}
