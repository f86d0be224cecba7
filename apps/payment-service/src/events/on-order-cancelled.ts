import type { EventHandler, OrderCancelled } from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import type { PaymentContext } from '../payments/payment-context.ts';
import { PaymentNotFoundError, PaymentNotRefundableError } from '../payments/payment-errors.ts';
import { refundPayment } from '../payments/refund-payment.ts';
import { lockOrder } from './order-lock.ts';

/**
 * order.cancelled: remember the cancellation, so a later inventory.reserved never charges, and
 * refund the order's charge if there is one (compensation; refundPayment enqueues
 * payment.refunded). No charge, or a failed one, leaves nothing to refund. A provider that
 * stays unavailable throws: the consumer retries, then dead-letters, and the refund is owed.
 */
export function onOrderCancelled(
  context: PaymentContext,
): EventHandler<typeof OrderCancelled, Prisma.TransactionClient> {
  return async (event, tx) => {
    const { orderId, reason } = event.data;
    await lockOrder(tx, orderId);
    await tx.cancelledOrder.createMany({ data: [{ orderId, reason }], skipDuplicates: true });
    try {
      await refundPayment(tx, context, { orderId });
    } catch (error) {
      if (error instanceof PaymentNotFoundError || error instanceof PaymentNotRefundableError) {
        return;
      }
      throw error;
    }
  };
}
