import { conflict, isOwnerOrAdmin, notFound, serviceUnavailable } from '@ecommerce/service-kit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../db.ts';
import {
  ChargeMismatchError,
  OrderCancelledError,
  PaymentNotFoundError,
  PaymentNotRefundableError,
  RefundUnavailableError,
} from '../payments/payment-errors.ts';
import type { PaymentOperations } from '../payments/payment-operations.ts';
import { paymentWithRefund } from '../payments/payment-query.ts';
import { ProviderRequestError } from '../provider/payment-provider.ts';
import {
  Money,
  PaymentJson,
  PaymentList,
  PaymentToken,
  paymentJson,
  RefundRequest,
} from './payment-schemas.ts';

export interface PaymentRoutesOptions {
  db: Database;
  operations: PaymentOperations;
}

const Uuid = Type.String({ format: 'uuid' });
const tags = ['payments'];

function toProblem(error: unknown, orderId: string): unknown {
  if (error instanceof PaymentNotFoundError) {
    return notFound('Payment not found', { detail: `No payment for order ${orderId}` });
  }
  if (error instanceof PaymentNotRefundableError) {
    return conflict('Payment not refundable', {
      detail: `The payment of order ${orderId} is ${error.status}; only SUCCEEDED payments are refunded`,
    });
  }
  if (error instanceof ChargeMismatchError) {
    return conflict('Order already charged', {
      detail: `Order ${orderId} was charged with a different customer or amount`,
    });
  }
  if (error instanceof OrderCancelledError) {
    return conflict('Order cancelled', {
      detail: `Order ${orderId} is cancelled; nothing was charged`,
    });
  }
  if (error instanceof ProviderRequestError) {
    return conflict('Payment provider refused the request', {
      detail: `${error.code}: ${error.message}`,
    });
  }
  if (error instanceof RefundUnavailableError) {
    return serviceUnavailable('Payment provider unavailable', {
      detail: 'Nothing was refunded; try again later',
    });
  }
  return error;
}

export const paymentRoutes: FastifyPluginAsyncTypebox<PaymentRoutesOptions> = async (
  app,
  { db, operations },
) => {
  app.get(
    '/payments',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'Payments, newest first: a customer sees only their own, an admin every one',
        querystring: Type.Object(
          {
            orderId: Type.Optional(Uuid),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: PaymentList },
      },
    },
    async (request) => {
      const identity = request.identity;
      const isAdmin = identity?.roles.includes('admin') ?? false;
      const payments = await db.payment.findMany({
        where: {
          ...(request.query.orderId ? { orderId: request.query.orderId } : {}),
          // Someone else's order yields an empty list, the same as an order without payment.
          ...(isAdmin ? {} : { customerId: identity?.userId ?? '' }),
        },
        include: { refund: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: request.query.limit,
      });
      return { items: payments.map(paymentJson) };
    },
  );

  app.get(
    '/payments/:paymentId',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'A payment, for its customer or an admin (others get 404)',
        params: Type.Object({ paymentId: Uuid }),
        response: { 200: PaymentJson },
      },
    },
    async (request) => {
      const payment = await paymentWithRefund(db, { id: request.params.paymentId });
      if (!payment || !isOwnerOrAdmin(request.identity, payment.customerId)) {
        throw notFound('Payment not found', { detail: `No payment ${request.params.paymentId}` });
      }
      return paymentJson(payment);
    },
  );

  app.post(
    '/payments',
    {
      config: { problems: [409] },
      onRequest: [app.requireRole('admin')],
      schema: {
        tags,
        summary: 'Charge an order by hand (admin); the same order is never charged twice',
        body: Type.Object(
          {
            orderId: Uuid,
            customerId: Uuid,
            amount: Type.Object(
              {
                amount: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
                currency: Money.properties.currency,
              },
              { additionalProperties: false },
            ),
            paymentToken: Type.Optional(PaymentToken),
          },
          { additionalProperties: false },
        ),
        response: { 200: PaymentJson, 201: PaymentJson },
      },
    },
    async (request, reply) => {
      try {
        const { payment, created } = await operations.charge(request.body);
        return reply.code(created ? 201 : 200).send(paymentJson(payment));
      } catch (error) {
        throw toProblem(error, request.body.orderId);
      }
    },
  );

  app.post(
    '/payments/:orderId/refund',
    {
      config: { problems: [409], optionalBody: true },
      onRequest: [app.requireRole('admin')],
      schema: {
        tags,
        summary: "Refund an order's payment in full (admin); repeating it returns the refund",
        description:
          'A refund of a confirmed order is a return: order-service moves the order to REFUNDED, and inventory puts its units back on hand when `restock` is true. The body may be left out (no restock). Repeating the refund returns the first one, with its `restock`, whatever the repeat asks.',
        params: Type.Object({ orderId: Uuid }),
        body: RefundRequest,
        response: { 200: PaymentJson, 201: PaymentJson },
      },
    },
    async (request, reply) => {
      try {
        const { payment, created } = await operations.refund({
          orderId: request.params.orderId,
          restock: request.body.restock,
        });
        return reply.code(created ? 201 : 200).send(paymentJson(payment));
      } catch (error) {
        throw toProblem(error, request.params.orderId);
      }
    },
  );
};
