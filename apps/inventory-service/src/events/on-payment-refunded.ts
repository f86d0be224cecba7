import type { EventHandler, PaymentRefunded } from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import { recordRefund } from '../repository/reservation-repository.ts';

/**
 * payment.refunded: when the refund says the units came back (restock) and they had left (the
 * reservation is COMMITTED: a return of a confirmed order), they go back on hand and the
 * reservation is RETURNED. Without restock the stock stays as it is. A reservation not settled
 * yet keeps the refund for its commit (on-order-confirmed); the refund of a cancelled order
 * finds its reservation released, and changes nothing.
 */
export const onPaymentRefunded: EventHandler<
  typeof PaymentRefunded,
  Prisma.TransactionClient
> = async (event, tx) => {
  const { orderId, refundId, restock = false } = event.data;
  await recordRefund(tx, orderId, { refundId, restock });
};
