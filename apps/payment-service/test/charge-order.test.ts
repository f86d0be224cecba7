import { randomUUID } from 'node:crypto';
import { isolatedInfra } from '@ecommerce/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { chargeOrder } from '../src/payments/charge-order.ts';
import type { PaymentContext } from '../src/payments/payment-context.ts';
import { ChargeMismatchError } from '../src/payments/payment-errors.ts';
import { createPaymentOperations } from '../src/payments/payment-operations.ts';
import { type PaymentProvider, ProviderRequestError } from '../src/provider/payment-provider.ts';
import { createProviderPolicy } from '../src/provider/provider-policy.ts';
import { createSimulatedPaymentProvider } from '../src/provider/simulated-provider.ts';
import { countingProvider } from './support/counting-provider.ts';
import { migratedDatabase, outboxEvents } from './support/database.ts';
import { scriptedRandom } from './support/seeded-random.ts';

const infra = await isolatedInfra();
const { db } = await migratedDatabase(infra);
afterAll(() => db.$disconnect());
const admin = infra.postgres.pool();

async function waitingForLock(): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0]?.n ?? 0;
}

const policyOptions = { timeoutMs: 5_000, maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const decliningCustomer = randomUUID();

function setup(provider: PaymentProvider = createSimulatedPaymentProvider()) {
  const counted = countingProvider(provider);
  const context: PaymentContext = {
    provider: counted.provider,
    providerPolicy: createProviderPolicy(policyOptions),
    tokens: {
      defaultToken: 'tok_visa',
      customerTokens: new Map([[decliningCustomer, 'tok_insufficientFunds']]),
    },
  };
  return {
    context,
    calls: counted.calls,
    operations: createPaymentOperations(db, context, 10_000),
  };
}

function newCharge(
  overrides: { customerId?: string; paymentToken?: string; amount?: number } = {},
) {
  return {
    orderId: randomUUID(),
    customerId: overrides.customerId ?? randomUUID(),
    amount: { amount: overrides.amount ?? 4_250, currency: 'EUR' },
    ...(overrides.paymentToken ? { paymentToken: overrides.paymentToken } : {}),
  };
}

async function eventsFor(orderId: string) {
  return (await outboxEvents(db)).filter((event) => event.key === orderId);
}

describe('chargeOrder', () => {
  it('records an approved charge and enqueues payment.succeeded in the same transaction', async () => {
    const { operations } = setup();
    const input = newCharge();
    const { payment, created } = await operations.charge(input);
    expect(created).toBe(true);
    expect(payment).toMatchObject({
      orderId: input.orderId,
      customerId: input.customerId,
      amount: 4_250,
      currency: 'EUR',
      status: 'SUCCEEDED',
      failureReason: null,
      attempts: 1,
      refund: null,
    });
    expect(payment.providerReference).toMatch(/^ch_sim_/);
    const events = await eventsFor(input.orderId);
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('payment.succeeded.v1');
    expect(events[0]?.payload.data).toEqual({
      orderId: input.orderId,
      paymentId: payment.id,
      amount: { amount: 4_250, currency: 'EUR' },
      providerReference: payment.providerReference,
    });
  });

  it.each([
    ['tok_chargeDeclined', 'declined'],
    ['tok_insufficientFunds', 'insufficient_funds'],
  ])(
    'records a decline by %s as FAILED (%s) and enqueues payment.failed',
    async (token, reason) => {
      const { operations } = setup();
      const input = newCharge({ paymentToken: token });
      const { payment } = await operations.charge(input);
      expect(payment).toMatchObject({ status: 'FAILED', failureReason: reason });
      const events = await eventsFor(input.orderId);
      expect(events.map((e) => e.type)).toEqual(['payment.failed.v1']);
      expect(events[0]?.payload.data).toMatchObject({ paymentId: payment.id, reason });
    },
  );

  it("uses the customer's configured token when the charge names none", async () => {
    const { operations } = setup();
    const { payment } = await operations.charge(newCharge({ customerId: decliningCustomer }));
    expect(payment).toMatchObject({ status: 'FAILED', failureReason: 'insufficient_funds' });
  });

  it('returns the stored payment for a repeated charge without calling the provider again', async () => {
    const { operations, calls } = setup();
    const input = newCharge();
    const first = await operations.charge(input);
    const again = await operations.charge(input);
    expect(again.created).toBe(false);
    expect(again.payment.id).toBe(first.payment.id);
    expect(calls.charge).toBe(1);
    expect(await eventsFor(input.orderId)).toHaveLength(1);
  });

  it('refuses a second charge of an order with a different amount', async () => {
    const { operations } = setup();
    const input = newCharge();
    await operations.charge(input);
    await expect(
      operations.charge({ ...input, amount: { amount: 1, currency: 'EUR' } }),
    ).rejects.toBeInstanceOf(ChargeMismatchError);
  });

  it('makes one payment and one provider charge from concurrent charges of one order', async () => {
    const simulated = createSimulatedPaymentProvider({ latencyMs: 50 });
    const { operations, calls } = setup(simulated);
    const input = newCharge();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => operations.charge(input)));
    expect(new Set(outcomes.map((o) => o.payment.id)).size).toBe(1);
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    expect(await db.payment.count({ where: { orderId: input.orderId } })).toBe(1);
    expect(await eventsFor(input.orderId)).toHaveLength(1);
    // Racing transactions may each reach the provider, which charges once per key.
    expect(calls.charge).toBeGreaterThanOrEqual(1);
    expect(
      simulated.charges().filter((c) => c.idempotencyKey.endsWith(input.orderId)),
    ).toHaveLength(1);
  });

  it('a charge racing an uncommitted one waits on the unique order id and returns the winner', async () => {
    const { context, calls } = setup();
    const input = newCharge();
    let commitFirst = () => {};
    const firstMayCommit = new Promise<void>((resolve) => {
      commitFirst = resolve;
    });
    const first = db.$transaction(
      async (tx) => {
        const outcome = await chargeOrder(tx, context, input);
        await firstMayCommit;
        return outcome;
      },
      { timeout: 20_000 },
    );
    // The first transaction has inserted its payment once the provider was called.
    await expect.poll(() => calls.charge, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => db.payment.count({ where: { orderId: input.orderId } })).toBe(0);
    const second = db.$transaction((tx) => chargeOrder(tx, context, input), { timeout: 20_000 });
    try {
      // The second one blocks on the unique index until the first commits.
      await expect.poll(waitingForLock, { timeout: 10_000 }).toBeGreaterThan(0);
    } finally {
      commitFirst();
    }
    const [winner, loser] = await Promise.all([first, second]);
    expect(winner.created).toBe(true);
    expect(loser.created).toBe(false);
    expect(loser.payment.id).toBe(winner.payment.id);
    expect(calls.charge).toBe(2);
    expect(await eventsFor(input.orderId)).toHaveLength(1);
  });

  it('retries transient provider errors and then succeeds', async () => {
    const simulated = createSimulatedPaymentProvider({
      failureRate: 0.5,
      random: scriptedRandom([0.1, 0.2]),
    });
    const { operations, calls } = setup(simulated);
    const { payment } = await operations.charge(newCharge());
    expect(payment).toMatchObject({ status: 'SUCCEEDED', attempts: 3 });
    expect(calls.charge).toBe(3);
    expect(simulated.charges()).toHaveLength(1);
  });

  it('records provider_unavailable when every attempt fails transiently', async () => {
    const { operations, calls } = setup();
    const input = newCharge({ paymentToken: 'tok_processingError' });
    const { payment } = await operations.charge(input);
    expect(payment).toMatchObject({
      status: 'FAILED',
      failureReason: 'provider_unavailable',
      providerReference: null,
      attempts: policyOptions.maxAttempts,
    });
    expect(calls.charge).toBe(policyOptions.maxAttempts);
    const events = await eventsFor(input.orderId);
    expect(events[0]?.payload.data).toMatchObject({ reason: 'provider_unavailable' });
  });

  it('leaves nothing behind when the provider refuses the request outright', async () => {
    const refusing: PaymentProvider = {
      charge: async () => {
        throw new ProviderRequestError('idempotency_key_reused', 'refused');
      },
      refund: async () => {
        throw new Error('not used');
      },
    };
    const { operations } = setup(refusing);
    const input = newCharge();
    await expect(operations.charge(input)).rejects.toBeInstanceOf(ProviderRequestError);
    expect(await db.payment.count({ where: { orderId: input.orderId } })).toBe(0);
  });

  it("rolls back with the caller's transaction, and the retried charge reuses the provider's", async () => {
    const simulated = createSimulatedPaymentProvider();
    const { context } = setup(simulated);
    const input = newCharge();
    await expect(
      db.$transaction(async (tx) => {
        await chargeOrder(tx, context, input);
        throw new Error('handler failed after charging');
      }),
    ).rejects.toThrow('handler failed');
    expect(await db.payment.count({ where: { orderId: input.orderId } })).toBe(0);
    expect(await eventsFor(input.orderId)).toHaveLength(0);

    const { payment } = await db.$transaction((tx) => chargeOrder(tx, context, input));
    expect(simulated.charges()).toHaveLength(1);
    expect(payment.providerReference).toBe(simulated.charges()[0]?.result.reference);
  });
});
