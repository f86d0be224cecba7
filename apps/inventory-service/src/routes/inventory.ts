import { badRequest, conflict, notFound } from '@ecommerce/service-kit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { InventoryDatabase } from '../db.ts';
import { availableOf, maxOnHand, type StockLevel } from '../domain/stock.ts';
import {
  adjustOnHand,
  findStockLevel,
  type StockChangeResult,
  setOnHand,
} from '../repository/stock-repository.ts';

export const StockView = Type.Object(
  {
    productId: Type.String({ format: 'uuid' }),
    onHand: Type.Integer({ minimum: 0 }),
    reserved: Type.Integer({ minimum: 0 }),
    available: Type.Integer({ minimum: 0 }),
  },
  { $id: 'StockView', description: 'Stock of one product; available = onHand - reserved.' },
);

const ProductParams = Type.Object({ productId: Type.String({ format: 'uuid' }) });

const Reason = Type.String({ minLength: 1, maxLength: 200, description: 'Why, for the ledger.' });

const SetStockBody = Type.Object(
  {
    onHand: Type.Integer({ minimum: 0, maximum: maxOnHand }),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);

const AdjustmentBody = Type.Object(
  {
    delta: Type.Integer({
      minimum: -maxOnHand,
      maximum: maxOnHand,
      not: { const: 0 },
      description: 'Units added (positive) or removed (negative); not zero.',
    }),
    reason: Reason,
  },
  { additionalProperties: false },
);

export function stockView(stock: StockLevel) {
  return { ...stock, available: availableOf(stock) };
}

const refusals = {
  zero_delta: 'An adjustment must change the quantity (delta 0)',
  negative: 'On hand cannot go below zero',
  below_reserved: 'On hand cannot go below the units reserved by orders',
  above_maximum: `On hand cannot exceed ${maxOnHand}`,
} as const;

function refusal(result: Extract<StockChangeResult, { outcome: 'rejected' }>) {
  const options = {
    detail: refusals[result.reason],
    extensions: { stock: stockView(result.stock) },
  };
  // A zero delta is a malformed request whatever the stock; the rest depend on the stock.
  return result.reason === 'zero_delta'
    ? badRequest('Invalid adjustment', options)
    : conflict('Stock change refused', options);
}

/** Stock levels: anyone may read them; only admins change them. */
export const inventoryRoutes: FastifyPluginAsyncTypebox<{ db: InventoryDatabase }> = async (
  app,
  { db },
) => {
  app.get(
    '/inventory/:productId',
    {
      schema: {
        summary: "A product's stock (public: storefronts show availability to anyone)",
        tags: ['inventory'],
        params: ProductParams,
        response: { 200: StockView },
      },
    },
    async (request) => {
      const stock = await findStockLevel(db, request.params.productId);
      if (!stock) {
        throw notFound('Stock not found', {
          detail: `No stock is recorded for product ${request.params.productId}`,
        });
      }
      return stockView(stock);
    },
  );

  app.put(
    '/inventory/:productId',
    {
      config: { problems: [409] },
      onRequest: [app.requireRole('admin')],
      schema: {
        summary: "Set a product's on-hand quantity (initial stock, stocktake); admin",
        tags: ['inventory'],
        params: ProductParams,
        body: SetStockBody,
        response: { 200: StockView, 201: StockView },
      },
    },
    async (request, reply) => {
      const { onHand, reason } = request.body;
      const result = await db.$transaction((tx) =>
        setOnHand(tx, request.params.productId, onHand, reason ?? null),
      );
      if (result.outcome === 'rejected') throw refusal(result);
      if (result.outcome !== 'changed') throw new Error(`unexpected outcome ${result.outcome}`);
      return reply.code(result.created ? 201 : 200).send(stockView(result.stock));
    },
  );

  app.post(
    '/inventory/:productId/adjustments',
    {
      config: { problems: [409] },
      onRequest: [app.requireRole('admin')],
      schema: {
        summary: 'Add or remove on-hand units (delivery, damage, correction); admin',
        tags: ['inventory'],
        params: ProductParams,
        body: AdjustmentBody,
        response: { 200: StockView },
      },
    },
    async (request) => {
      const { delta, reason } = request.body;
      const result = await db.$transaction((tx) =>
        adjustOnHand(tx, request.params.productId, delta, reason),
      );
      if (result.outcome === 'not_found') {
        throw notFound('Stock not found', {
          detail: `No stock is recorded for product ${request.params.productId}; set it first`,
        });
      }
      if (result.outcome === 'rejected') throw refusal(result);
      return stockView(result.stock);
    },
  );
};
