import { Type } from 'typebox';
import type { PaymentWithRefund } from '../payments/payment-query.ts';

export const Money = Type.Object(
  {
    amount: Type.Integer({
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Minor units of the currency, e.g. cents',
    }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR' }),
  },
  { additionalProperties: false },
);

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const RefundJson = Type.Object({
  id: Type.String({ format: 'uuid' }),
  amount: Money,
  providerReference: Type.String(),
  restock: Type.Boolean({ description: "Whether the order's units went back on hand" }),
  createdAt: Type.String({ format: 'date-time' }),
});

/** What an admin says about a refund; the whole body may be left out. */
export const RefundRequest = Type.Object(
  {
    restock: Type.Boolean({
      default: false,
      description:
        "Whether the order's units came back and go on hand again (a return). Default false: units nobody has seen come back are not put on sale.",
    }),
  },
  { additionalProperties: false },
);

export const PaymentJson = Type.Object({
  id: Type.String({ format: 'uuid' }),
  orderId: Type.String({ format: 'uuid' }),
  customerId: Type.String({ format: 'uuid' }),
  amount: Money,
  status: Type.Union([Type.Literal('SUCCEEDED'), Type.Literal('FAILED'), Type.Literal('REFUNDED')]),
  providerReference: Nullable(Type.String()),
  failureReason: Nullable(Type.String()),
  attempts: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  refund: Type.Union([RefundJson, Type.Null()]),
});

export const PaymentList = Type.Object({ items: Type.Array(PaymentJson) });

export const PaymentToken = Type.String({
  pattern: '^tok_[A-Za-z0-9_]+$',
  description: 'A provider token; see the README for the test tokens',
});

export function paymentJson(payment: PaymentWithRefund) {
  const { refund } = payment;
  return {
    id: payment.id,
    orderId: payment.orderId,
    customerId: payment.customerId,
    amount: { amount: payment.amount, currency: payment.currency },
    status: payment.status,
    providerReference: payment.providerReference,
    failureReason: payment.failureReason,
    attempts: payment.attempts,
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
    refund: refund
      ? {
          id: refund.id,
          amount: { amount: refund.amount, currency: refund.currency },
          providerReference: refund.providerReference,
          restock: refund.restock,
          createdAt: refund.createdAt.toISOString(),
        }
      : null,
  };
}
