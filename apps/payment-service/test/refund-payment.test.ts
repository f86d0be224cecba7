import { randomUUID } from 'node:crypto';
import { isolatedInfra } from '@ecommerce/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import type { PaymentContext } from '../src/payments/payment-context.ts';
import {
  PaymentNotFoundError,
  PaymentNotRefundableError,
  RefundUnavailableError,
} from '../src/payments/payment-errors.ts';
import { createPaymentOperations } from '../src/payments/payment-operations.ts';
import { refundPayment } from '../src/payments/refund-payment.ts';
import { createProviderPolicy } from '../src/provider/provider-policy.ts';
import {
  createSimulatedPaymentProvider,
  type SimulatedPaymentProvider,
} from '../src/provider/simulated-provider.ts';
import { countingProvider } from './support/counting-provider.ts';
import { migratedDatabase, outboxEvents } from './support/database.ts';

const infra = await isolatedInfra();
const { db } = await migratedDatabase(infra);
afterAll(() => db.$disconnect());

function setup(simulated: SimulatedPaymentProvider = createSimulatedPaymentProvider()) {
  const counted = countingProvider(simulated);
  const context: PaymentContext = {
    provider: counted.provider,
    providerPolicy: createProviderPolicy({
      timeoutMs: 5_000,
      maxAttempts: 3,
      baseDelayMs: 1,
      maxDelayMs: 5,
    }),
    tokens: { defaultToken: 'tok_visa', customerTokens: new Map() },
  };
  return {
    simulated,
    context,
    calls: counted.calls,
    operations: createPaymentOperations(db, context, 10_000),
  };
}

async function chargedOrder(
  operations: ReturnType<typeof setup>['operations'],
  token = 'tok_visa',
) {
  const orderId = randomUUID();
  const { payment } = await operations.charge({
    orderId,
    customerId: randomUUID(),
    amount: { amount: 1_500, currency: 'EUR' },
    paymentToken: token,
  });
  return { orderId, payment };
}

describe('refundPayment', () => {
  it('refunds a succeeded payment in full and enqueues payment.refunded', async () => {
    const { operations, simulated } = setup();
    const { orderId, payment } = await chargedOrder(operations);
    const { payment: refunded, refund, created } = await operations.refund({ orderId });
    expect(created).toBe(true);
    expect(refunded.status).toBe('REFUNDED');
    expect(refund).toMatchObject({
      paymentId: payment.id,
      amount: 1_500,
      currency: 'EUR',
      attempts: 1,
    });
    expect(refund.providerReference).toBe(simulated.refunds()[0]?.result.reference);
    const events = (await outboxEvents(db)).filter((event) => event.key === orderId);
    expect(events.map((event) => event.type)).toEqual([
      'payment.succeeded.v1',
      'payment.refunded.v1',
    ]);
    expect(events[1]?.payload.data).toEqual({
      orderId,
      paymentId: payment.id,
      refundId: refund.id,
      amount: { amount: 1_500, currency: 'EUR' },
      restock: false,
    });
  });

  it('records whether the units go back on hand, in the refund and in payment.refunded', async () => {
    const { operations } = setup();
    const { orderId } = await chargedOrder(operations);
    const { refund } = await operations.refund({ orderId, restock: true });
    expect(refund.restock).toBe(true);
    const again = await operations.refund({ orderId, restock: false });
    expect(again).toMatchObject({ created: false, refund: { id: refund.id, restock: true } });
    const events = (await outboxEvents(db)).filter(
      (event) => event.key === orderId && event.type === 'payment.refunded.v1',
    );
    expect(events.map((event) => event.payload.data)).toEqual([
      expect.objectContaining({ refundId: refund.id, restock: true }),
    ]);
  });

  it('returns the existing refund when asked again, without calling the provider', async () => {
    const { operations, calls } = setup();
    const { orderId } = await chargedOrder(operations);
    const first = await operations.refund({ orderId });
    const again = await operations.refund({ orderId });
    expect(again.created).toBe(false);
    expect(again.refund.id).toBe(first.refund.id);
    expect(calls.refund).toBe(1);
  });

  it('refunds once when refunds of one order run concurrently', async () => {
    const { operations, simulated } = setup(createSimulatedPaymentProvider({ latencyMs: 30 }));
    const { orderId } = await chargedOrder(operations);
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => operations.refund({ orderId })),
    );
    expect(new Set(outcomes.map((outcome) => outcome.refund.id)).size).toBe(1);
    expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
    expect(simulated.refunds()).toHaveLength(1);
    expect(await db.refund.count({ where: { payment: { orderId } } })).toBe(1);
  });

  it('refuses to refund a failed payment', async () => {
    const { operations, calls } = setup();
    const { orderId } = await chargedOrder(operations, 'tok_chargeDeclined');
    await expect(operations.refund({ orderId })).rejects.toBeInstanceOf(PaymentNotRefundableError);
    expect(calls.refund).toBe(0);
  });

  it('reports an order without a payment', async () => {
    const { operations } = setup();
    await expect(operations.refund({ orderId: randomUUID() })).rejects.toBeInstanceOf(
      PaymentNotFoundError,
    );
  });

  it('retries transient errors and, when they persist, leaves the payment refundable', async () => {
    let providerDown = false;
    const simulated = createSimulatedPaymentProvider({
      failureRate: 0.5,
      random: () => (providerDown ? 0 : 0.99),
    });
    const { operations, calls } = setup(simulated);
    const { orderId } = await chargedOrder(operations);
    providerDown = true;
    await expect(operations.refund({ orderId })).rejects.toBeInstanceOf(RefundUnavailableError);
    expect(calls.refund).toBe(3);
    expect((await db.payment.findUniqueOrThrow({ where: { orderId } })).status).toBe('SUCCEEDED');

    providerDown = false;
    const later = await operations.refund({ orderId });
    expect(later.created).toBe(true);
    expect(simulated.refunds()).toHaveLength(1);
  });

  it("rolls back with the caller's transaction, and the repeated refund reuses the provider's", async () => {
    const { operations, context, simulated } = setup();
    const { orderId } = await chargedOrder(operations);
    await expect(
      db.$transaction(async (tx) => {
        await refundPayment(tx, context, { orderId });
        throw new Error('handler failed after refunding');
      }),
    ).rejects.toThrow('handler failed');
    expect((await db.payment.findUniqueOrThrow({ where: { orderId } })).status).toBe('SUCCEEDED');
    const { refund } = await db.$transaction((tx) => refundPayment(tx, context, { orderId }));
    expect(simulated.refunds()).toHaveLength(1);
    expect(refund.providerReference).toBe(simulated.refunds()[0]?.result.reference);
  });
});
