import { randomUUID } from 'node:crypto';
import { createEvent, enqueue, PaymentFailed, PaymentSucceeded } from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import { type FailureReason, failureReasonFor, isSameCharge } from '../domain/payment-rules.ts';
import { paymentTokenFor } from '../domain/payment-token.ts';
import type { ChargeResult } from '../provider/payment-provider.ts';
import { isRetryableProviderError } from '../provider/provider-policy.ts';
import { eventSource, type PaymentContext } from './payment-context.ts';
import { ChargeMismatchError } from './payment-errors.ts';
import { type PaymentWithRefund, paymentWithRefund } from './payment-query.ts';

export interface ChargeOrderInput {
  orderId: string;
  customerId: string;
  amount: { amount: number; currency: string };
  /** A provider token; when absent, the customer's configured token or the default one. */
  paymentToken?: string | undefined;
}

export interface ChargeOutcome {
  payment: PaymentWithRefund;
  /** False when the order had been charged (or declined) before: nothing new happened. */
  created: boolean;
}

/** The charge's idempotency key at the provider: one charge per order, ever. */
export function chargeKey(orderId: string): string {
  return `charge:${orderId}`;
}

type ProviderOutcome =
  | { result: ChargeResult; attempts: number }
  | { result: undefined; attempts: number; reason: FailureReason };

async function chargeAtProvider(
  context: PaymentContext,
  input: ChargeOrderInput,
): Promise<ProviderOutcome> {
  let attempts = 0;
  try {
    const result = await context.providerPolicy.execute((signal) => {
      attempts += 1;
      return context.provider.charge({
        idempotencyKey: chargeKey(input.orderId),
        amount: input.amount,
        paymentToken: paymentTokenFor(input, context.tokens),
        customerId: input.customerId,
        signal,
      });
    });
    return { result, attempts };
  } catch (error) {
    // Retries are exhausted. The order fails as provider_unavailable rather than waiting
    // forever; the provider's idempotency key guarantees no later charge under this order.
    if (isRetryableProviderError(error)) {
      return { result: undefined, attempts, reason: 'provider_unavailable' };
    }
    throw error;
  }
}

/**
 * Charges an order once, in the caller's transaction (the `inventory.reserved` handler's, or
 * one of its own for HTTP): the payment row and its `payment.succeeded` / `payment.failed`
 * event commit together. A repeated charge of the order returns the stored payment without
 * calling the provider. Two concurrent charges of one order may both reach the provider, which
 * answers both with the same charge (same idempotency key); the unique order id lets one
 * insert win and the other return the winner's payment.
 *
 * The transaction stays open during the provider call, so a rollback after it (a crash, a
 * redelivered event) leads to another call with the same key, which returns the same charge.
 */
export async function chargeOrder(
  tx: Prisma.TransactionClient,
  context: PaymentContext,
  input: ChargeOrderInput,
): Promise<ChargeOutcome> {
  const existing = await paymentWithRefund(tx, { orderId: input.orderId });
  if (existing) return sameChargeOrThrow(existing, input);

  const outcome = await chargeAtProvider(context, input);
  const id = randomUUID();
  // Only the two fields: the event contracts refuse any other property of Money.
  const amount = { amount: input.amount.amount, currency: input.amount.currency };
  const approved = outcome.result?.outcome === 'approved';
  const reason: FailureReason | null = outcome.result
    ? outcome.result.outcome === 'declined'
      ? failureReasonFor(outcome.result.declineCode)
      : null
    : outcome.reason;

  // ON CONFLICT DO NOTHING: a concurrent charge's insert waits for the other transaction and
  // then inserts nothing, instead of failing this transaction with a unique violation.
  const inserted = await tx.payment.createMany({
    data: [
      {
        id,
        orderId: input.orderId,
        customerId: input.customerId,
        amount: amount.amount,
        currency: amount.currency,
        status: approved ? 'SUCCEEDED' : 'FAILED',
        providerReference: outcome.result?.reference ?? null,
        failureReason: reason,
        attempts: outcome.attempts,
      },
    ],
    skipDuplicates: true,
  });
  if (inserted.count === 0) {
    const winner = await paymentWithRefund(tx, { orderId: input.orderId });
    if (!winner) throw new Error(`Payment of order ${input.orderId} vanished during a charge`);
    return sameChargeOrThrow(winner, input);
  }

  const event =
    outcome.result?.outcome === 'approved'
      ? createEvent(PaymentSucceeded, {
          source: eventSource,
          subject: input.orderId,
          data: {
            orderId: input.orderId,
            paymentId: id,
            amount,
            providerReference: outcome.result.reference,
          },
        })
      : createEvent(PaymentFailed, {
          source: eventSource,
          subject: input.orderId,
          data: {
            orderId: input.orderId,
            paymentId: id,
            amount,
            reason: reason ?? 'declined',
          },
        });
  await enqueue(tx, event);

  const payment = await paymentWithRefund(tx, { id });
  if (!payment) throw new Error(`Payment ${id} not found after its insert`);
  return { payment, created: true };
}

function sameChargeOrThrow(payment: PaymentWithRefund, input: ChargeOrderInput): ChargeOutcome {
  if (!isSameCharge(payment, input)) throw new ChargeMismatchError(input.orderId);
  return { payment, created: false };
}
