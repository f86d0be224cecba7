import { randomBytes, randomUUID } from 'node:crypto';

/**
 * The one setting the contract asks of the service under test besides its addresses: this
 * customer's charges are declined (PAYMENT_CUSTOMER_TOKENS=<id>=tok_chargeDeclined), so the
 * suite can drive payment.failed from inventory.reserved alone, as the saga does.
 */
export const decliningCustomerId = '0d5c1a6e-3f9b-4c1e-9d7a-c0ffeedec11e';

/** Environment the service under test must run with (its simulated provider's knobs). */
export const requiredConfiguration = {
  PAYMENT_CUSTOMER_TOKENS: `${decliningCustomerId}=tok_chargeDeclined`,
  PAYMENT_DEFAULT_TOKEN: 'tok_visa',
} as const;

/** The consumer group the service reads with, after the deployment's topic prefix. */
export const consumerGroup = 'payment-service';

/** A W3C traceparent of a new trace, sampled. */
export function newTraceparent(): { traceparent: string; traceId: string; spanId: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceparent: `00-${traceId}-${spanId}-01`, traceId, spanId };
}

/** A CloudEvents 1.0 envelope, as the system's producers write them. */
export function envelope<T>(type: string, source: string, subject: string, data: T) {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source,
    type,
    time: new Date().toISOString(),
    subject,
    datacontenttype: 'application/json',
    data,
  };
}

export function inventoryReserved(order: { orderId: string; customerId: string; amount: number }) {
  return envelope('inventory.reserved.v1', 'inventory-service', order.orderId, {
    orderId: order.orderId,
    reservationId: randomUUID(),
    customerId: order.customerId,
    lines: [{ productId: randomUUID(), quantity: 1 }],
    total: { amount: order.amount, currency: 'EUR' },
  });
}

export function orderCancelled(order: { orderId: string; customerId: string }) {
  return envelope('order.cancelled.v1', 'order-service', order.orderId, {
    orderId: order.orderId,
    customerId: order.customerId,
    customerEmail: 'customer@contract.test',
    reason: 'customer_cancelled',
  });
}

/** Kafka headers of a structured-mode CloudEvent, as the system's producers send them. */
export function eventHeaders(event: { id: string; type: string }, traceparent?: string) {
  return {
    'content-type': 'application/cloudevents+json; charset=UTF-8',
    ce_id: event.id,
    ce_type: event.type,
    ...(traceparent ? { traceparent } : {}),
  };
}
