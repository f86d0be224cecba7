import type { Prisma } from '../generated/prisma/client.ts';
import { advanceOrder } from './advance-order.ts';
import type { SagaMetrics } from './saga-metrics.ts';

type Tx = Prisma.TransactionClient;

/**
 * Returns a CONFIRMED order whose payment was refunded: REFUNDED, and order.refunded says
 * whether its units went back on hand. The caller holds the order's lock and knows it is
 * CONFIRMED; the refund is the one recorded from payment.refunded.
 */
export async function returnOrder(tx: Tx, orderId: string, metrics: SagaMetrics): Promise<void> {
  const refund = await tx.orderRefund.findUniqueOrThrow({ where: { orderId } });
  await advanceOrder(
    tx,
    {
      orderId,
      event: 'payment_refunded',
      cause: 'payment.refunded',
      refund: {
        refundId: refund.refundId,
        amount: refund.amount,
        currency: refund.currency,
        restock: refund.restock,
      },
    },
    metrics,
  );
}

/**
 * Right after a confirmation: a refund read before it (payment.refunded and payment.succeeded
 * arrive on different topics) returns the order now.
 */
export async function returnIfRefundedBefore(
  tx: Tx,
  orderId: string,
  metrics: SagaMetrics,
): Promise<void> {
  const order = await tx.order.findUnique({
    where: { id: orderId },
    select: { status: true, refund: { select: { orderId: true } } },
  });
  if (order?.status === 'CONFIRMED' && order.refund) await returnOrder(tx, orderId, metrics);
}
