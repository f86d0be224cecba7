import Type from 'typebox';
import { Email, Money, OrderLine, Uuid } from './common.ts';
import { defineContract } from './define-contract.ts';

export const OrderCreated = defineContract({
  name: 'order.created',
  version: 1,
  producer: 'order-service',
  description: 'An order was placed and is PENDING; starts the saga (inventory reserves stock).',
  schema: Type.Object(
    {
      orderId: Uuid,
      customerId: Uuid,
      customerEmail: Email,
      lines: Type.Array(OrderLine, { minItems: 1 }),
      total: Money,
    },
    { additionalProperties: false },
  ),
});

export const OrderConfirmed = defineContract({
  name: 'order.confirmed',
  version: 1,
  producer: 'order-service',
  description: 'Stock was reserved and payment succeeded; the order is CONFIRMED (terminal).',
  schema: Type.Object(
    {
      orderId: Uuid,
      customerId: Uuid,
      customerEmail: Email,
      paymentId: Uuid,
      total: Money,
    },
    { additionalProperties: false },
  ),
});

export const OrderCancellationReason = Type.Union([
  Type.Literal('out_of_stock'),
  Type.Literal('payment_declined'),
  Type.Literal('timeout'),
  Type.Literal('customer_cancelled'),
]);

export const OrderCancelled = defineContract({
  name: 'order.cancelled',
  version: 1,
  producer: 'order-service',
  description:
    'The order is CANCELLED (terminal); inventory releases any reservation and payment refunds any charge.',
  schema: Type.Object(
    {
      orderId: Uuid,
      customerId: Uuid,
      customerEmail: Email,
      reason: OrderCancellationReason,
    },
    { additionalProperties: false },
  ),
});

export const OrderRefunded = defineContract({
  name: 'order.refunded',
  version: 1,
  producer: 'order-service',
  description:
    'A CONFIRMED order was refunded (a return) and is REFUNDED (terminal); notification writes to the customer.',
  schema: Type.Object(
    {
      orderId: Uuid,
      customerId: Uuid,
      customerEmail: Email,
      refundId: Uuid,
      amount: Money,
      restock: Type.Boolean({ description: 'Whether the units went back on hand' }),
    },
    { additionalProperties: false },
  ),
});
