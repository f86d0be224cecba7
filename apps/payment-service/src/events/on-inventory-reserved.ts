import type { EventHandler, InventoryReserved } from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import { chargeOrder } from '../payments/charge-order.ts';
import type { PaymentContext } from '../payments/payment-context.ts';
import { lockOrder } from './order-lock.ts';

/**
 * inventory.reserved: charge the order's total once; chargeOrder enqueues payment.succeeded or
 * payment.failed with the payment. An order already cancelled (deadline, customer) is not
 * charged at all: its stock is released on the same order.cancelled. Compensation of a charge:
 * on-order-cancelled refunds it.
 */
export function onInventoryReserved(
  context: PaymentContext,
): EventHandler<typeof InventoryReserved, Prisma.TransactionClient> {
  return async (event, tx) => {
    const { orderId, customerId, total } = event.data;
    await lockOrder(tx, orderId);
    const cancelled = await tx.cancelledOrder.findUnique({ where: { orderId } });
    if (cancelled) return;
    await chargeOrder(tx, context, { orderId, customerId, amount: total });
  };
}
