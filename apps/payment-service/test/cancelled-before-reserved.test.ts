import { randomUUID } from 'node:crypto';
import { createEvent, InventoryReserved, OrderCancelled } from '@ecommerce/events';
import { isolatedInfra } from '@ecommerce/testkit';
import { afterAll, expect, it } from 'vitest';
import { onInventoryReserved } from '../src/events/on-inventory-reserved.ts';
import { onOrderCancelled } from '../src/events/on-order-cancelled.ts';
import type { PaymentContext } from '../src/payments/payment-context.ts';
import { OrderCancelledError } from '../src/payments/payment-errors.ts';
import { createPaymentOperations } from '../src/payments/payment-operations.ts';
import { createProviderPolicy } from '../src/provider/provider-policy.ts';
import { createSimulatedPaymentProvider } from '../src/provider/simulated-provider.ts';
import { countingProvider } from './support/counting-provider.ts';
import { migratedDatabase, outboxEvents } from './support/database.ts';

const infra = await isolatedInfra();
const { db } = await migratedDatabase(infra);
afterAll(() => db.$disconnect());

const delivery = (topic: string) => ({ topic, partition: 0, offset: '0', attempt: 1 });

it('never charges an order whose order.cancelled it has seen, by the saga or by hand', async () => {
  const counted = countingProvider(createSimulatedPaymentProvider());
  const context: PaymentContext = {
    provider: counted.provider,
    providerPolicy: createProviderPolicy({
      timeoutMs: 5_000,
      maxAttempts: 1,
      baseDelayMs: 1,
      maxDelayMs: 1,
    }),
    tokens: { defaultToken: 'tok_visa', customerTokens: new Map() },
  };
  const orderId = randomUUID();
  const customerId = randomUUID();
  const cancelled = createEvent(OrderCancelled, {
    source: 'order-service',
    subject: orderId,
    data: { orderId, customerId, customerEmail: 'late@example.test', reason: 'timeout' },
  });
  const reserved = createEvent(InventoryReserved, {
    source: 'inventory-service',
    subject: orderId,
    data: {
      orderId,
      reservationId: randomUUID(),
      customerId,
      lines: [{ productId: randomUUID(), quantity: 1 }],
      total: { amount: 1_999, currency: 'EUR' },
    },
  });
  await db.$transaction((tx) =>
    onOrderCancelled(context)(cancelled, tx, delivery('order.cancelled.v1')),
  );
  await db.$transaction((tx) =>
    onInventoryReserved(context)(reserved, tx, delivery('inventory.reserved.v1')),
  );
  expect(counted.calls).toEqual({ charge: 0, refund: 0 });
  // Nor by hand (POST /payments), which would leave a charge no cancellation refunds.
  const operations = createPaymentOperations(db, context, 10_000);
  await expect(
    operations.charge({ orderId, customerId, amount: { amount: 1_999, currency: 'EUR' } }),
  ).rejects.toBeInstanceOf(OrderCancelledError);
  expect(await db.payment.count({ where: { orderId } })).toBe(0);
  expect((await outboxEvents(db)).filter((event) => event.key === orderId)).toEqual([]);
});
