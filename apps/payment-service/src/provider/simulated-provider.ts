import { randomUUID } from 'node:crypto';
import {
  type ChargeRequest,
  type ChargeResult,
  type DeclineCode,
  type PaymentProvider,
  ProviderRequestError,
  type RefundRequest,
  type RefundResult,
  TransientProviderError,
} from './payment-provider.ts';

/**
 * What each test payment token does, whatever the amount. Any other token is declined as
 * `invalid_payment_token`.
 */
export const testPaymentTokens = {
  tok_visa: { outcome: 'approved' },
  tok_mastercard: { outcome: 'approved' },
  tok_chargeDeclined: { outcome: 'declined', declineCode: 'card_declined' },
  tok_insufficientFunds: { outcome: 'declined', declineCode: 'insufficient_funds' },
  tok_processingError: { outcome: 'transient_error' },
} as const satisfies Record<
  string,
  | { outcome: 'approved' }
  | { outcome: 'declined'; declineCode: DeclineCode }
  | { outcome: 'transient_error' }
>;

export interface SimulatedProviderOptions {
  /** Delay of every call, in milliseconds. */
  latencyMs?: number;
  /** Share of calls (0..1) that fail with a TransientProviderError before doing anything. */
  failureRate?: number;
  /** Source of randomness for the failure rate; a seeded one makes tests deterministic. */
  random?: () => number;
}

export interface SimulatedCharge {
  idempotencyKey: string;
  request: Omit<ChargeRequest, 'signal'>;
  result: ChargeResult;
}

export interface SimulatedRefund {
  idempotencyKey: string;
  request: Omit<RefundRequest, 'signal'>;
  result: RefundResult;
}

export interface SimulatedPaymentProvider extends PaymentProvider {
  /** Every charge decided (approved or declined), once per idempotency key. */
  charges(): readonly SimulatedCharge[];
  /** Every refund made, once per idempotency key. */
  refunds(): readonly SimulatedRefund[];
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function sameMoney(a: { amount: number; currency: string }, b: typeof a): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

/**
 * A card processor in memory, for development, demos and tests: deterministic outcomes by test
 * token, configurable latency and transient failures, and idempotency keys honoured the way
 * real processors do (the same key returns the first result; the same key with a different
 * request is refused). It keeps its records for the life of the process only.
 */
export function createSimulatedPaymentProvider(
  options: SimulatedProviderOptions = {},
): SimulatedPaymentProvider {
  const latencyMs = options.latencyMs ?? 0;
  const failureRate = options.failureRate ?? 0;
  const random = options.random ?? Math.random;
  if (!(latencyMs >= 0)) throw new RangeError('latencyMs must be >= 0');
  if (!(failureRate >= 0 && failureRate <= 1)) throw new RangeError('failureRate must be in 0..1');

  const chargesByKey = new Map<string, SimulatedCharge>();
  const chargesByReference = new Map<string, SimulatedCharge>();
  const refundsByKey = new Map<string, SimulatedRefund>();
  const refundedCharges = new Map<string, string>();

  // Latency first, then the simulated outage: a failed call is as slow as a good one.
  async function enter(signal: AbortSignal | undefined): Promise<void> {
    await sleep(latencyMs, signal);
    if (failureRate > 0 && random() < failureRate) {
      throw new TransientProviderError('Simulated provider: temporarily unavailable');
    }
  }

  return {
    async charge({ signal, ...request }) {
      await enter(signal);
      const previous = chargesByKey.get(request.idempotencyKey);
      if (previous) {
        if (
          previous.request.paymentToken !== request.paymentToken ||
          previous.request.customerId !== request.customerId ||
          !sameMoney(previous.request.amount, request.amount)
        ) {
          throw new ProviderRequestError(
            'idempotency_key_reused',
            `Idempotency key ${request.idempotencyKey} was used for a different charge`,
          );
        }
        return previous.result;
      }
      const behaviour = (
        testPaymentTokens as Record<
          string,
          (typeof testPaymentTokens)[keyof typeof testPaymentTokens]
        >
      )[request.paymentToken];
      if (behaviour?.outcome === 'transient_error') {
        throw new TransientProviderError('Simulated provider: processing error');
      }
      const reference = `ch_sim_${randomUUID()}`;
      const result: ChargeResult =
        behaviour === undefined
          ? { outcome: 'declined', reference, declineCode: 'invalid_payment_token' }
          : behaviour.outcome === 'approved'
            ? { outcome: 'approved', reference }
            : { outcome: 'declined', reference, declineCode: behaviour.declineCode };
      const charge = { idempotencyKey: request.idempotencyKey, request, result };
      chargesByKey.set(request.idempotencyKey, charge);
      chargesByReference.set(reference, charge);
      return result;
    },

    async refund({ signal, ...request }) {
      await enter(signal);
      const previous = refundsByKey.get(request.idempotencyKey);
      if (previous) {
        if (
          previous.request.chargeReference !== request.chargeReference ||
          !sameMoney(previous.request.amount, request.amount)
        ) {
          throw new ProviderRequestError(
            'idempotency_key_reused',
            `Idempotency key ${request.idempotencyKey} was used for a different refund`,
          );
        }
        return previous.result;
      }
      const charge = chargesByReference.get(request.chargeReference);
      if (charge?.result.outcome !== 'approved') {
        throw new ProviderRequestError(
          'charge_not_found',
          `No approved charge ${request.chargeReference}`,
        );
      }
      if (refundedCharges.has(request.chargeReference)) {
        throw new ProviderRequestError(
          'charge_already_refunded',
          `Charge ${request.chargeReference} was already refunded`,
        );
      }
      if (!sameMoney(charge.request.amount, request.amount)) {
        throw new ProviderRequestError(
          'amount_mismatch',
          'Only full refunds of the charged amount are supported',
        );
      }
      const result = { reference: `re_sim_${randomUUID()}` };
      refundsByKey.set(request.idempotencyKey, {
        idempotencyKey: request.idempotencyKey,
        request,
        result,
      });
      refundedCharges.set(request.chargeReference, request.idempotencyKey);
      return result;
    },

    charges: () => [...chargesByKey.values()],
    refunds: () => [...refundsByKey.values()],
  };
}
