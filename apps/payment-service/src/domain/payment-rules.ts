import type { DeclineCode } from '../provider/payment-provider.ts';

/** The reasons `payment.failed` may carry (its contract), stored as the failure reason. */
export type FailureReason = 'declined' | 'insufficient_funds' | 'provider_unavailable';

export function failureReasonFor(declineCode: DeclineCode): FailureReason {
  return declineCode === 'insufficient_funds' ? 'insufficient_funds' : 'declined';
}

export type PaymentState = 'SUCCEEDED' | 'FAILED' | 'REFUNDED';

/**
 * What a refund request means for a payment in a given state: only a charge that succeeded is
 * refunded; a refunded one already was (the request is answered with the refund made); a
 * failed one charged nothing.
 */
export function refundDecision(
  status: PaymentState,
): 'refund' | 'already_refunded' | 'not_refundable' {
  switch (status) {
    case 'SUCCEEDED':
      return 'refund';
    case 'REFUNDED':
      return 'already_refunded';
    case 'FAILED':
      return 'not_refundable';
  }
}

/** True when a stored charge is the one asked for again (same customer and amount). */
export function isSameCharge(
  stored: { customerId: string; amount: number; currency: string },
  requested: { customerId: string; amount: { amount: number; currency: string } },
): boolean {
  return (
    stored.customerId === requested.customerId &&
    stored.amount === requested.amount.amount &&
    stored.currency === requested.amount.currency
  );
}
