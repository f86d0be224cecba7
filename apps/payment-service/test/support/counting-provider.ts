import type { PaymentProvider } from '../../src/provider/payment-provider.ts';

/** Wraps a provider and counts the calls that reach it. */
export function countingProvider(inner: PaymentProvider) {
  const calls = { charge: 0, refund: 0 };
  const provider: PaymentProvider = {
    charge(request) {
      calls.charge += 1;
      return inner.charge(request);
    },
    refund(request) {
      calls.refund += 1;
      return inner.refund(request);
    },
  };
  return { provider, calls };
}
