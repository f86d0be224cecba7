import { describe, expect, it } from 'vitest';
import { failureReasonFor, isSameCharge, refundDecision } from '../../src/domain/payment-rules.ts';

describe('payment rules', () => {
  it('maps provider declines to the reasons of payment.failed', () => {
    expect(failureReasonFor('card_declined')).toBe('declined');
    expect(failureReasonFor('invalid_payment_token')).toBe('declined');
    expect(failureReasonFor('insufficient_funds')).toBe('insufficient_funds');
  });

  it('refunds only succeeded payments', () => {
    expect(refundDecision('SUCCEEDED')).toBe('refund');
    expect(refundDecision('REFUNDED')).toBe('already_refunded');
    expect(refundDecision('FAILED')).toBe('not_refundable');
  });

  it('recognises the same charge of an order', () => {
    const stored = { customerId: 'c1', amount: 1000, currency: 'EUR' };
    expect(
      isSameCharge(stored, { customerId: 'c1', amount: { amount: 1000, currency: 'EUR' } }),
    ).toBe(true);
    expect(
      isSameCharge(stored, { customerId: 'c1', amount: { amount: 1001, currency: 'EUR' } }),
    ).toBe(false);
    expect(
      isSameCharge(stored, { customerId: 'c2', amount: { amount: 1000, currency: 'EUR' } }),
    ).toBe(false);
    expect(
      isSameCharge(stored, { customerId: 'c1', amount: { amount: 1000, currency: 'USD' } }),
    ).toBe(false);
  });
});
