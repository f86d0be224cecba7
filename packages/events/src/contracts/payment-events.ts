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
  description: 'Compensation: a charge was refunded because the order was cancelled after it.',
  schema: Type.Object(
    {
      orderId: Uuid,
      paymentId: Uuid,
      refundId: Uuid,
      amount: Money,
    },
    { additionalProperties: false },
  ),
});
