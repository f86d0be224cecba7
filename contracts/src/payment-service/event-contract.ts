import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncApiContract } from '../asyncapi-contract.ts';
import { EventTap, type TappedMessage } from '../event-tap.ts';
import type { ContractTarget } from '../settings.ts';
import { adminPrincipal, newCustomer, type Principal } from '../tokens.ts';
import {
  consumerGroup,
  decliningCustomerId,
  eventHeaders,
  inventoryReserved,
  newTraceparent,
  orderCancelled,
} from './fixtures.ts';

const consumed = ['inventory.reserved.v1', 'order.cancelled.v1'];
const published = ['payment.succeeded.v1', 'payment.failed.v1', 'payment.refunded.v1'];
const deadLetters = consumed.map((topic) => `${topic}.dlq`);

const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

/**
 * payment-service's part in the saga, observed only on Kafka (and its HTTP API): what it must
 * publish for what it consumes, in envelopes the AsyncAPI document accepts.
 */
export function paymentEventContract(target: () => ContractTarget) {
  describe('payment-service events', () => {
    const asyncapi = new AsyncApiContract();
    let tap: EventTap;
    let admin: Principal;
    let customer: Principal;

    beforeAll(async () => {
      tap = await EventTap.open(target(), {
        reads: [...published, ...deadLetters],
        writes: consumed,
      });
      [admin, customer] = await Promise.all([adminPrincipal(target()), newCustomer(target())]);
    });
    afterAll(async () => {
      await tap?.close();
    });

    const send = (event: { id: string; type: string; subject: string }, traceparent?: string) =>
      tap.publish(event.type, {
        key: event.subject,
        value: JSON.stringify(event),
        headers: eventHeaders(event, traceparent),
      });

    const outcomesOf = (orderId: string) =>
      tap.matching((message) => published.includes(message.topic) && message.key === orderId);

    const paymentsOf = async (orderId: string) => {
      const response = await fetch(`${target().baseUrl}/payments?orderId=${orderId}`, {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: Record<string, unknown>[] }).items;
    };

    /** The message as the AsyncAPI document wants it: envelope, headers, key = subject = order id. */
    function expectConforming(message: TappedMessage, orderId: string) {
      const value = JSON.parse(message.value);
      expect(
        asyncapi.problems(message.topic, { key: message.key, value, headers: message.headers }),
      ).toEqual([]);
      expect(value.type).toBe(message.topic);
      expect(value.subject).toBe(orderId);
      expect(message.key).toBe(orderId);
      expect(message.headers.ce_id).toBe(value.id);
      expect(message.headers.ce_type).toBe(value.type);
      return value;
    }

    it('charges on inventory.reserved: payment.succeeded continuing the trace, keyed by order', async () => {
      const orderId = randomUUID();
      const trace = newTraceparent();
      await send(
        inventoryReserved({ orderId, customerId: customer.id, amount: 4321 }),
        trace.traceparent,
      );
      const message = await tap.waitFor(
        (m) => m.topic === 'payment.succeeded.v1' && m.key === orderId,
      );
      const event = expectConforming(message, orderId);
      expect(event.source).toBe('payment-service');
      expect(event.data).toMatchObject({ orderId, amount: { amount: 4321, currency: 'EUR' } });
      expect(message.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
      expect(traceIdOf(message.headers.traceparent)).toBe(trace.traceId);
      expect(message.headers.traceparent).not.toContain(trace.spanId);
      const [payment] = await paymentsOf(orderId);
      expect(payment).toMatchObject({
        id: event.data.paymentId,
        status: 'SUCCEEDED',
        customerId: customer.id,
      });
    });

    it('answers a declined charge with payment.failed (reason declined) and no payment.succeeded', async () => {
      const orderId = randomUUID();
      const reserved = await send(
        inventoryReserved({ orderId, customerId: decliningCustomerId, amount: 999 }),
      );
      const message = await tap.waitFor(
        (m) => m.topic === 'payment.failed.v1' && m.key === orderId,
      );
      const event = expectConforming(message, orderId);
      expect(event.data).toMatchObject({
        orderId,
        reason: 'declined',
        amount: { amount: 999, currency: 'EUR' },
      });
      await tap.waitUntilConsumed(consumerGroup, reserved);
      expect(outcomesOf(orderId).map((m) => m.topic)).toEqual(['payment.failed.v1']);
      expect((await paymentsOf(orderId)).map((p) => p.status)).toEqual(['FAILED']);
    });

    it('changes nothing on a duplicate: the same event again, or the order reserved again', async () => {
      const orderId = randomUUID();
      const event = inventoryReserved({ orderId, customerId: customer.id, amount: 1500 });
      await send(event);
      await send(event);
      const anotherId = await send({ ...event, id: randomUUID() });
      await tap.waitUntilConsumed(consumerGroup, anotherId);
      expect(outcomesOf(orderId).map((m) => m.topic)).toEqual(['payment.succeeded.v1']);
      const payments = await paymentsOf(orderId);
      expect(payments).toHaveLength(1);
      expect(payments[0]?.status).toBe('SUCCEEDED');
    });

    it('refunds on order.cancelled after a charge, once: payment.refunded of the payment', async () => {
      const orderId = randomUUID();
      await send(inventoryReserved({ orderId, customerId: customer.id, amount: 2500 }));
      const charged = await tap.waitFor(
        (m) => m.topic === 'payment.succeeded.v1' && m.key === orderId,
      );
      const paymentId = JSON.parse(charged.value).data.paymentId;
      const cancelled = orderCancelled({ orderId, customerId: customer.id });
      const trace = newTraceparent();
      await send(cancelled, trace.traceparent);
      const message = await tap.waitFor(
        (m) => m.topic === 'payment.refunded.v1' && m.key === orderId,
      );
      const event = expectConforming(message, orderId);
      expect(event.data).toMatchObject({
        orderId,
        paymentId,
        amount: { amount: 2500, currency: 'EUR' },
        // A cancelled order's stock was released, never taken: nothing goes back on hand.
        restock: false,
      });
      expect(traceIdOf(message.headers.traceparent)).toBe(trace.traceId);
      const again = await send(cancelled);
      await tap.waitUntilConsumed(consumerGroup, again);
      expect(outcomesOf(orderId).map((m) => m.topic)).toEqual([
        'payment.succeeded.v1',
        'payment.refunded.v1',
      ]);
      const [payment] = await paymentsOf(orderId);
      expect(payment).toMatchObject({ status: 'REFUNDED', refund: { id: event.data.refundId } });
    });

    it('announces an admin refund with payment.refunded, saying whether the units go back', async () => {
      const orderId = randomUUID();
      await send(inventoryReserved({ orderId, customerId: customer.id, amount: 1800 }));
      await tap.waitFor((m) => m.topic === 'payment.succeeded.v1' && m.key === orderId);
      const response = await fetch(`${target().baseUrl}/payments/${orderId}/refund`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ restock: true }),
      });
      expect(response.status).toBe(201);
      const refund = ((await response.json()) as { refund: { id: string } }).refund;
      const message = await tap.waitFor(
        (m) => m.topic === 'payment.refunded.v1' && m.key === orderId,
      );
      expect(expectConforming(message, orderId).data).toMatchObject({
        orderId,
        refundId: refund.id,
        amount: { amount: 1800, currency: 'EUR' },
        restock: true,
      });
    });

    it('never charges an order already cancelled', async () => {
      const orderId = randomUUID();
      const cancelled = await send(orderCancelled({ orderId, customerId: customer.id }));
      await tap.waitUntilConsumed(consumerGroup, cancelled);
      const reserved = await send(
        inventoryReserved({ orderId, customerId: customer.id, amount: 3000 }),
      );
      await tap.waitUntilConsumed(consumerGroup, reserved);
      expect(outcomesOf(orderId)).toEqual([]);
      expect(await paymentsOf(orderId)).toEqual([]);
    });

    it('publishes nothing for the cancellation of an order it never charged', async () => {
      const orderId = randomUUID();
      const cancelled = await send(orderCancelled({ orderId, customerId: customer.id }));
      await tap.waitUntilConsumed(consumerGroup, cancelled);
      expect(outcomesOf(orderId)).toEqual([]);
    });

    const poison: [string, string, (orderId: string) => string][] = [
      ['unparseable', 'inventory.reserved.v1', () => '{"specversion": "1.0", '],
      [
        'schema-invalid',
        'inventory.reserved.v1',
        (orderId: string) => {
          const event = inventoryReserved({ orderId, customerId: customer.id, amount: 100 });
          return JSON.stringify({
            ...event,
            data: { ...event.data, total: { amount: -1, currency: 'EUR' } },
          });
        },
      ],
      [
        'schema-invalid',
        'order.cancelled.v1',
        (orderId: string) => {
          const event = orderCancelled({ orderId, customerId: customer.id });
          return JSON.stringify({ ...event, data: { ...event.data, reason: 'bored' } });
        },
      ],
    ];

    it.each(poison)(
      'sends an %s message on %s to its DLQ, and later messages still flow',
      async (_kind, topic, value) => {
        const orderId = randomUUID();
        const body = value(orderId);
        await tap.publish(topic, {
          key: orderId,
          value: body,
          headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
        });
        const dead = await tap.waitFor((m) => m.topic === `${topic}.dlq` && m.key === orderId);
        expect(dead.value).toBe(body);
        expect(outcomesOf(orderId)).toEqual([]);
        // The same partition goes on: a later order with the same key is charged.
        await send(inventoryReserved({ orderId, customerId: customer.id, amount: 100 }));
        await tap.waitFor((m) => m.topic === 'payment.succeeded.v1' && m.key === orderId);
      },
    );
  });
}
