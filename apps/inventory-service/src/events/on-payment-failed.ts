import type { EventHandler, PaymentFailed } from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import { releaseForOrder } from './release.ts';

/**
 * payment.failed: nothing was charged and the order will be cancelled, so the reservation is
 * released now (compensation), without waiting for order.cancelled, which then changes nothing.
 */
export const onPaymentFailed: EventHandler<typeof PaymentFailed, Prisma.TransactionClient> = (
  event,
  tx,
) => releaseForOrder(tx, event.data.orderId, 'payment_failed');
