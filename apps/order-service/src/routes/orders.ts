import {
  conflict,
  forbidden,
  isOwnerOrAdmin,
  notFound,
  serviceUnavailable,
  traceFields,
  unprocessableContent,
} from '@ecommerce/service-kit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ProductCatalog, ProductCatalogUnavailableError } from '../clients/product-catalog.ts';
import type { Database } from '../db.ts';
import {
  duplicateProductIds,
  MixedCurrenciesError,
  type PricedOrder,
  priceOrder,
  type RequestedLine,
  TotalTooLargeError,
  UnavailableProductsError,
} from '../domain/order-pricing.ts';
import { IllegalTransitionError } from '../domain/order-state-machine.ts';
import { requestFingerprint } from '../domain/request-fingerprint.ts';
import {
  findOrder,
  findStoredResponse,
  listOrders,
  placeOrder,
  type StoredResponse,
} from '../repository/order-repository.ts';
import type { OrderView } from '../repository/order-views.ts';
import { advanceOrder } from '../saga/advance-order.ts';
import type { SagaMetrics } from '../saga/saga-metrics.ts';
import {
  IdempotencyHeaders,
  ListOrdersQuery,
  Order,
  OrderPage,
  OrderParams,
  PlaceOrderBody,
} from './order-schemas.ts';

export interface OrderRoutesOptions {
  db: Database;
  catalog: ProductCatalog;
  sagaMetrics: SagaMetrics;
}

const customerRoles = ['customer', 'admin'];

export const orderRoutes: FastifyPluginAsyncTypebox<OrderRoutesOptions> = async (
  app,
  { db, catalog, sagaMetrics },
) => {
  const authenticated = app.requireRole(...customerRoles);

  /** The order when the caller may see it; someone else's order is "not found". */
  async function visibleOrder(request: FastifyRequest, orderId: string): Promise<OrderView> {
    const order = await findOrder(db, orderId);
    if (!order || !isOwnerOrAdmin(request.identity, order.customerId)) {
      throw notFound('Order not found', { detail: `No order ${orderId}` });
    }
    return order;
  }

  app.post(
    '/orders',
    {
      config: { problems: [409, 422] },
      onRequest: [authenticated],
      schema: {
        summary: 'Place an order at the catalog’s current prices',
        tags: ['orders'],
        headers: IdempotencyHeaders,
        body: PlaceOrderBody,
        response: { 201: Order },
      },
    },
    async (request, reply) => {
      const customerId = callerId(request);
      const lines: RequestedLine[] = request.body.lines.map((line) => ({
        productId: line.productId.toLowerCase(),
        quantity: line.quantity,
      }));
      const duplicates = duplicateProductIds(lines);
      // Each line is valid alone and JSON Schema cannot say "unique by productId": the body is
      // well-formed, its meaning contradictory, so 422 as the document says.
      if (duplicates.length > 0) {
        throw unprocessableContent('Duplicate products', {
          detail: `Each product may appear on one line only: ${duplicates.join(', ')}`,
          extensions: { duplicateProductIds: duplicates },
        });
      }

      const key = request.headers['idempotency-key'];
      const idempotency =
        key === undefined ? undefined : { key, requestHash: requestFingerprint({ lines }) };
      if (idempotency) {
        const stored = await findStoredResponse(db, customerId, idempotency.key);
        if (stored) return replay(reply, stored, idempotency.requestHash);
      }

      const priced = await priceLines(lines, request.id, reply);
      const result = await placeOrder(db, {
        customerId,
        customerEmail: callerEmail(request),
        priced,
        ...(idempotency ? { idempotency } : {}),
        ...traceId(),
      });
      if (result.outcome === 'key_used' && idempotency) {
        return replay(reply, result.stored, idempotency.requestHash);
      }
      if (result.outcome !== 'created') throw new Error('unreachable: key used without a key');
      return reply.code(201).header('location', `/orders/${result.order.id}`).send(result.order);
    },
  );

  async function priceLines(
    lines: RequestedLine[],
    requestId: string,
    reply: FastifyReply,
  ): Promise<PricedOrder> {
    try {
      const products = await catalog.findProducts(
        lines.map((line) => line.productId),
        { requestId },
      );
      return priceOrder(lines, products);
    } catch (error) {
      if (error instanceof ProductCatalogUnavailableError) {
        reply.header('retry-after', String(error.retryAfterSeconds));
        throw serviceUnavailable('Product catalog unavailable', {
          detail: 'Prices cannot be read right now; try again later',
          cause: error,
        });
      }
      if (error instanceof UnavailableProductsError) {
        throw unprocessableContent('Products not available', {
          detail: error.message,
          extensions: { products: error.products },
        });
      }
      if (error instanceof MixedCurrenciesError) {
        throw unprocessableContent('Mixed currencies', {
          detail: `${error.message}; place one order per currency`,
          extensions: { currencies: error.currencies },
        });
      }
      if (error instanceof TotalTooLargeError) {
        throw unprocessableContent('Order total too large', { detail: error.message });
      }
      throw error;
    }
  }

  app.get(
    '/orders',
    {
      onRequest: [authenticated],
      schema: {
        summary: 'List orders, newest first: the caller’s own, or any customer’s for admins',
        tags: ['orders'],
        querystring: ListOrdersQuery,
        response: { 200: OrderPage },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const isAdmin = request.identity?.roles.includes('admin') === true;
      const requested = request.query.customerId?.toLowerCase();
      if (!isAdmin && requested !== undefined && requested !== callerId(request)) {
        throw forbidden('Forbidden', { detail: 'Only admins may list other customers’ orders' });
      }
      const customerId = isAdmin ? requested : callerId(request);
      const result = await listOrders(db, {
        ...(customerId ? { customerId } : {}),
        page,
        pageSize,
      });
      return { ...result, page, pageSize };
    },
  );

  app.get(
    '/orders/:id',
    {
      onRequest: [authenticated],
      schema: {
        summary: 'One order (its owner or an admin)',
        tags: ['orders'],
        params: OrderParams,
        response: { 200: Order },
      },
    },
    async (request) => visibleOrder(request, request.params.id),
  );

  app.post(
    '/orders/:id/cancel',
    {
      config: { problems: [409] },
      onRequest: [authenticated],
      schema: {
        summary: 'Cancel an order that is not yet confirmed; repeating it is harmless',
        tags: ['orders'],
        params: OrderParams,
        response: { 200: Order },
      },
    },
    async (request) => {
      const order = await visibleOrder(request, request.params.id);
      if (order.status === 'CANCELLED') return order;
      try {
        // order.cancelled goes out with the change: inventory releases, payment refunds.
        const result = await advanceOrder(
          db,
          { orderId: order.id, event: 'customer_cancelled', cause: 'customer_cancelled' },
          sagaMetrics,
        );
        if (!result) throw notFound('Order not found', { detail: `No order ${order.id}` });
        return result.order;
      } catch (error) {
        if (!(error instanceof IllegalTransitionError)) throw error;
        // Cancelled meanwhile (by the saga): the caller's wish is already true.
        if (error.from === 'CANCELLED') return visibleOrder(request, order.id);
        throw conflict('Order cannot be cancelled', {
          detail: `The order is ${error.from}`,
          extensions: { orderStatus: error.from },
        });
      }
    },
  );
};

function callerId(request: FastifyRequest): string {
  const identity = request.identity;
  if (!identity) throw new Error('route requires authentication');
  return identity.userId;
}

function callerEmail(request: FastifyRequest): string {
  const identity = request.identity;
  if (!identity) throw new Error('route requires authentication');
  return identity.email;
}

function traceId(): { traceId?: string } {
  const { traceId: id } = traceFields();
  return id ? { traceId: id } : {};
}

/**
 * Stripe's rules: the same key and body get the first response again; another body is refused
 * with 422 (the request is well-formed, but the key already names a different one).
 */
function replay(reply: FastifyReply, stored: StoredResponse, requestHash: string) {
  if (stored.requestHash !== requestHash) {
    throw unprocessableContent('Idempotency-Key reused', {
      detail: 'This Idempotency-Key was used with a different request body; use a new key',
    });
  }
  return reply.code(stored.status).header('idempotent-replayed', 'true').send(stored.body);
}
