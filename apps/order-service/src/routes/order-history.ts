import { isOwnerOrAdmin, notFound } from '@ecommerce/service-kit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db.ts';
import { findOrder, orderHistory, orderTimeline } from '../repository/order-repository.ts';
import { OrderHistory, OrderParams, OrderTimeline } from './order-schemas.ts';

export interface OrderHistoryRoutesOptions {
  db: Database;
}

/** The saga's timeline of one order: every status change, oldest first. */
export const orderHistoryRoutes: FastifyPluginAsyncTypebox<OrderHistoryRoutesOptions> = async (
  app,
  { db },
) => {
  app.get(
    '/orders/:id/history',
    {
      onRequest: [app.requireRole('customer', 'admin')],
      schema: {
        summary: 'Status changes of an order, oldest first (its owner or an admin)',
        tags: ['orders'],
        params: OrderParams,
        response: { 200: OrderHistory },
      },
    },
    async (request) => {
      const order = await findOrder(db, request.params.id);
      if (!order || !isOwnerOrAdmin(request.identity, order.customerId)) {
        throw notFound('Order not found', { detail: `No order ${request.params.id}` });
      }
      return { orderId: order.id, entries: await orderHistory(db, order.id) };
    },
  );

  app.get(
    '/orders/:id/timeline',
    {
      onRequest: [app.requireRole('customer', 'admin')],
      schema: {
        summary:
          'The saga of an order step by step: events consumed and produced, with times and trace ids (its owner or an admin)',
        tags: ['orders'],
        params: OrderParams,
        response: { 200: OrderTimeline },
      },
    },
    async (request) => {
      const order = await findOrder(db, request.params.id);
      if (!order || !isOwnerOrAdmin(request.identity, order.customerId)) {
        throw notFound('Order not found', { detail: `No order ${request.params.id}` });
      }
      return { orderId: order.id, status: order.status, steps: await orderTimeline(db, order.id) };
    },
  );
};
