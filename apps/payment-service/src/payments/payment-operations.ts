import type { Database } from '../db.ts';
import { lockOrder } from '../events/order-lock.ts';
import { type ChargeOrderInput, type ChargeOutcome, chargeOrder } from './charge-order.ts';
import type { PaymentContext } from './payment-context.ts';
import { OrderCancelledError } from './payment-errors.ts';
import { type RefundInput, type RefundOutcome, refundPayment } from './refund-payment.ts';

export interface PaymentOperations {
  charge(input: ChargeOrderInput): Promise<ChargeOutcome>;
  refund(input: RefundInput): Promise<RefundOutcome>;
}

/**
 * Charge and refund in transactions of their own, for callers that have none (HTTP). The
 * transaction may stay open for every provider attempt and back-off, so its time limit is the
 * provider policy's whole budget plus a margin, not Prisma's 5-second default.
 */
export function createPaymentOperations(
  db: Database,
  context: PaymentContext,
  providerBudgetMs: number,
): PaymentOperations {
  const options = { timeout: providerBudgetMs + 5_000, maxWait: 5_000 };
  return {
    // Under the order's lock, like the saga's charge: an order whose cancellation was seen is
    // never charged, by the saga or by hand (its refund would never come).
    charge: (input) =>
      db.$transaction(async (tx) => {
        await lockOrder(tx, input.orderId);
        const cancelled = await tx.cancelledOrder.findUnique({ where: { orderId: input.orderId } });
        if (cancelled) throw new OrderCancelledError(input.orderId);
        return chargeOrder(tx, context, input);
      }, options),
    refund: (input) => db.$transaction((tx) => refundPayment(tx, context, input), options),
  };
}
