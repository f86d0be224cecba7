import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ProviderRequestError,
  TransientProviderError,
} from '../../src/provider/payment-provider.ts';
import { createSimulatedPaymentProvider } from '../../src/provider/simulated-provider.ts';
import { scriptedRandom, seededRandom } from '../support/seeded-random.ts';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const customerId = '3f1d6c1e-0a57-4a43-9d4b-7f4f0f3e2a11';

function charge(key: string, paymentToken = 'tok_visa', amount = 1999) {
  return { idempotencyKey: key, amount: eur(amount), paymentToken, customerId };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('simulated provider: test tokens', () => {
  it.each([
    ['tok_visa', { outcome: 'approved' }],
    ['tok_mastercard', { outcome: 'approved' }],
    ['tok_chargeDeclined', { outcome: 'declined', declineCode: 'card_declined' }],
    ['tok_insufficientFunds', { outcome: 'declined', declineCode: 'insufficient_funds' }],
    ['tok_unknown', { outcome: 'declined', declineCode: 'invalid_payment_token' }],
  ])('%s gives %o', async (token, expected) => {
    const provider = createSimulatedPaymentProvider();
    const result = await provider.charge(charge('k1', token));
    expect(result).toMatchObject(expected);
    expect(result.reference).toMatch(/^ch_sim_/);
  });

  it('tok_processingError fails transiently every time and records nothing', async () => {
    const provider = createSimulatedPaymentProvider();
    await expect(provider.charge(charge('k1', 'tok_processingError'))).rejects.toBeInstanceOf(
      TransientProviderError,
    );
    await expect(provider.charge(charge('k1', 'tok_processingError'))).rejects.toBeInstanceOf(
      TransientProviderError,
    );
    expect(provider.charges()).toEqual([]);
  });
});

describe('simulated provider: idempotency keys', () => {
  it('returns the first result for a repeated key and charges once', async () => {
    const provider = createSimulatedPaymentProvider();
    const first = await provider.charge(charge('order-1'));
    const second = await provider.charge(charge('order-1'));
    expect(second).toEqual(first);
    expect(provider.charges()).toHaveLength(1);
    await provider.charge(charge('order-2'));
    expect(provider.charges()).toHaveLength(2);
  });

  it('remembers declines by key as well', async () => {
    const provider = createSimulatedPaymentProvider();
    const first = await provider.charge(charge('order-1', 'tok_chargeDeclined'));
    expect(await provider.charge(charge('order-1', 'tok_chargeDeclined'))).toEqual(first);
  });

  it('refuses a key reused for a different charge', async () => {
    const provider = createSimulatedPaymentProvider();
    await provider.charge(charge('order-1', 'tok_visa', 1000));
    const reused = provider.charge(charge('order-1', 'tok_visa', 2000));
    await expect(reused).rejects.toBeInstanceOf(ProviderRequestError);
    await expect(reused).rejects.toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('refunds an approved charge once per key and never twice per charge', async () => {
    const provider = createSimulatedPaymentProvider();
    const { reference } = await provider.charge(charge('order-1'));
    const request = { idempotencyKey: 'refund-1', chargeReference: reference, amount: eur(1999) };
    const first = await provider.refund(request);
    expect(first.reference).toMatch(/^re_sim_/);
    expect(await provider.refund(request)).toEqual(first);
    await expect(provider.refund({ ...request, idempotencyKey: 'refund-2' })).rejects.toMatchObject(
      {
        code: 'charge_already_refunded',
      },
    );
    expect(provider.refunds()).toHaveLength(1);
  });

  it('refuses to refund a declined or unknown charge, or a partial amount', async () => {
    const provider = createSimulatedPaymentProvider();
    const declined = await provider.charge(charge('order-1', 'tok_chargeDeclined'));
    await expect(
      provider.refund({
        idempotencyKey: 'r1',
        chargeReference: declined.reference,
        amount: eur(1999),
      }),
    ).rejects.toMatchObject({ code: 'charge_not_found' });
    await expect(
      provider.refund({ idempotencyKey: 'r2', chargeReference: 'ch_sim_x', amount: eur(1999) }),
    ).rejects.toMatchObject({ code: 'charge_not_found' });
    const approved = await provider.charge(charge('order-2'));
    await expect(
      provider.refund({
        idempotencyKey: 'r3',
        chargeReference: approved.reference,
        amount: eur(5),
      }),
    ).rejects.toMatchObject({ code: 'amount_mismatch' });
  });
});

describe('simulated provider: latency', () => {
  it('answers only after the configured latency', async () => {
    vi.useFakeTimers();
    const provider = createSimulatedPaymentProvider({ latencyMs: 250 });
    let settled = false;
    const pending = provider.charge(charge('k1')).then((result) => {
      settled = true;
      return result;
    });
    await vi.advanceTimersByTimeAsync(249);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    expect((await pending).outcome).toBe('approved');
  });

  it('stops waiting when the call is aborted, and charges nothing', async () => {
    vi.useFakeTimers();
    const provider = createSimulatedPaymentProvider({ latencyMs: 1_000 });
    const controller = new AbortController();
    const pending = provider.charge({ ...charge('k1'), signal: controller.signal });
    const outcome = expect(pending).rejects.toThrow('gave up');
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('gave up'));
    await outcome;
    expect(provider.charges()).toEqual([]);
  });
});

describe('simulated provider: failure rate', () => {
  it('fails about the configured share of calls with a seeded random source', async () => {
    const provider = createSimulatedPaymentProvider({ failureRate: 0.3, random: seededRandom(42) });
    let failures = 0;
    for (let i = 0; i < 1_000; i++) {
      try {
        await provider.charge(charge(`k${i}`));
      } catch (error) {
        expect(error).toBeInstanceOf(TransientProviderError);
        failures += 1;
      }
    }
    expect(failures).toBeGreaterThan(250);
    expect(failures).toBeLessThan(350);
    expect(provider.charges()).toHaveLength(1_000 - failures);
  });

  it('is deterministic for a given seed', async () => {
    async function outcomes(seed: number) {
      const provider = createSimulatedPaymentProvider({
        failureRate: 0.5,
        random: seededRandom(seed),
      });
      const results: string[] = [];
      for (let i = 0; i < 20; i++) {
        results.push(
          await provider.charge(charge(`k${i}`)).then(
            (r) => r.outcome,
            () => 'failed',
          ),
        );
      }
      return results;
    }
    expect(await outcomes(7)).toEqual(await outcomes(7));
  });

  it('fails a call when the random value is below the rate, and the retry then succeeds', async () => {
    const provider = createSimulatedPaymentProvider({
      failureRate: 0.5,
      random: scriptedRandom([0.1, 0.9]),
    });
    await expect(provider.charge(charge('k1'))).rejects.toBeInstanceOf(TransientProviderError);
    expect((await provider.charge(charge('k1'))).outcome).toBe('approved');
    expect(provider.charges()).toHaveLength(1);
  });

  it('rejects a rate outside 0..1 and a negative latency', () => {
    expect(() => createSimulatedPaymentProvider({ failureRate: 1.5 })).toThrow(RangeError);
    expect(() => createSimulatedPaymentProvider({ latencyMs: -1 })).toThrow(RangeError);
  });
});
