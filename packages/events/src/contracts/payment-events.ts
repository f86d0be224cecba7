import Type from 'typebox';
import { Money, Uuid } from './common.ts';
import { defineContract } from './define-contract.ts';

export const PaymentSucceeded = defineContract({
  name: 'payment.succeeded',
  version: 1,
  producer: 'payment-service',
  description: 'The provider charged the order total.',
  schema: Type.Object(
    {
      orderId: Uuid,
      paymentId: Uuid,
      amount: Money,
      providerReference: Type.String({ minLength: 1 }),
    },
    { additionalProperties: false },
  ),
});

export const PaymentFailed = defineContract({
  name: 'payment.failed',
  version: 1,
  producer: 'payment-service',
  description: 'The charge was declined or could not be made; nothing was charged.',
  schema: Type.Object(
    {
      orderId: Uuid,
      paymentId: Uuid,
      amount: Money,
      reason: Type.Union([
        Type.Literal('declined'),
        Type.Literal('insufficient_funds'),
        Type.Literal('provider_unavailable'),
      ]),
    },
    { additionalProperties: false },
  ),
});

export const PaymentRefunded = defineContract({
  name: 'payment.refunded',
  version: 1,
  producer: 'payment-service',
  description:
    'A charge was refunded in full: the compensation of an order cancelled after it, or a return of a confirmed order (an admin refund). order-service moves a confirmed order to REFUNDED; inventory puts its units back on hand when restock is true.',
  schema: Type.Object(
    {
      orderId: Uuid,
      paymentId: Uuid,
      refundId: Uuid,
      amount: Money,
      // Optional so events written before it existed stay valid; absent means false.
      restock: Type.Optional(
        Type.Boolean({
          description:
            'Whether the units of a confirmed order came back and go on hand again; false for a compensation',
        }),
      ),
    },
    { additionalProperties: false },
  ),
});
