import { randomUUID } from 'node:crypto';
import { createEvent, enqueue, PaymentRefunded } from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import { refundDecision } from '../domain/payment-rules.ts';
import { isRetryableProviderError } from '../provider/provider-policy.ts';
import { eventSource, type PaymentContext } from './payment-context.ts';
import {
  PaymentNotFoundError,
  PaymentNotRefundableError,
  RefundUnavailableError,
} from './payment-errors.ts';
import { type PaymentWithRefund, paymentWithRefund } from './payment-query.ts';

type Refund = NonNullable<PaymentWithRefund['refund']>;

export interface RefundOutcome {
  payment: PaymentWithRefund;
  refund: Refund;
  /** False when the payment had been refunded before: nothing new happened. */
  created: boolean;
}

/** The refund's idempotency key at the provider: one refund per payment, ever. */
export function refundKey(paymentId: string): string {
  return `refund:${paymentId}`;
}

export interface RefundInput {
  orderId: string;
  /**
   * Whether the order's units came back and go on hand again (a return of a confirmed order).
   * The first refund's answer stands: a repeat returns that refund whatever it asks.
   */
  restock?: boolean;
}

/**
 * Refunds an order's successful payment in full, once, in the caller's transaction (the
 * `order.cancelled` handler's, or one of its own for HTTP); the refund, the payment's new state
 * and `payment.refunded` (with its restock) commit together. The payment row is locked first, so concurrent
 * refunds of one order run one after the other and the second finds the first's refund.
 *
 * Throws PaymentNotFoundError (no charge for the order), PaymentNotRefundableError (the charge
 * failed) and RefundUnavailableError (the provider stayed unavailable; nothing was refunded,
 * and a later attempt uses the same idempotency key).
 */
export async function refundPayment(
  tx: Prisma.TransactionClient,
  context: PaymentContext,
  input: RefundInput,
): Promise<RefundOutcome> {
  const restock = input.restock ?? false;
  // The table is found through the role's search_path (its own schema), like the outbox's.
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM payments WHERE order_id = ${input.orderId}::uuid FOR UPDATE`;
  const paymentId = locked[0]?.id;
  if (!paymentId) throw new PaymentNotFoundError(input.orderId);
  const payment = await paymentWithRefund(tx, { id: paymentId });
  if (!payment) throw new PaymentNotFoundError(input.orderId);

  const decision = refundDecision(payment.status);
  if (decision === 'already_refunded' && payment.refund) {
    return { payment, refund: payment.refund, created: false };
  }
  if (decision !== 'refund' || !payment.providerReference) {
    throw new PaymentNotRefundableError(input.orderId, payment.status);
  }

  const amount = { amount: payment.amount, currency: payment.currency };
  let attempts = 0;
  let reference: string;
  try {
    ({ reference } = await context.providerPolicy.execute((signal) => {
      attempts += 1;
      return context.provider.refund({
        idempotencyKey: refundKey(payment.id),
        chargeReference: payment.providerReference as string,
        amount,
        signal,
      });
    }));
  } catch (error) {
    if (isRetryableProviderError(error)) {
      throw new RefundUnavailableError(input.orderId, { cause: error });
    }
    throw error;
  }

  const refundId = randomUUID();
  await tx.refund.create({
    data: {
      id: refundId,
      paymentId: payment.id,
      amount: amount.amount,
      currency: amount.currency,
      providerReference: reference,
      attempts,
      restock,
    },
  });
  await tx.payment.update({ where: { id: payment.id }, data: { status: 'REFUNDED' } });
  await enqueue(
    tx,
    createEvent(PaymentRefunded, {
      source: eventSource,
      subject: input.orderId,
      data: { orderId: input.orderId, paymentId: payment.id, refundId, amount, restock },
    }),
  );

  const refunded = await paymentWithRefund(tx, { id: payment.id });
  if (!refunded?.refund) throw new Error(`Refund of payment ${payment.id} not found after insert`);
  return { payment: refunded, refund: refunded.refund, created: true };
}
