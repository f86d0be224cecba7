import {
  badRequest,
  conflict,
  notFound,
  type ServiceApp,
  unprocessableContent,
} from '@ecommerce/service-kit';
import { Type } from 'typebox';
import type { Catalog } from '../catalog.ts';
import { nextOffset, parseListQuery } from '../domain/list-query.ts';
import { DuplicateSkuError } from '../product-repository.ts';
import {
  CreateProductBody,
  ListProductsQuery,
  LookupBody,
  LookupResult,
  Product,
  ProductPage,
  ProductParams,
  UpdateProductBody,
} from './product-schemas.ts';

export interface ProductRoutesOptions {
  catalog: Catalog;
}

const tags = ['products'];

function productNotFound(id: string) {
  return notFound('Product not found', { detail: `No product ${id}` });
}

async function mapDuplicateSku<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DuplicateSkuError)
      throw conflict('Duplicate sku', { detail: error.message });
    throw error;
  }
}

/** The catalog: public reads, admin-only writes. */
export async function productRoutes(app: ServiceApp, { catalog }: ProductRoutesOptions) {
  app.get(
    '/products',
    {
      config: { problems: [422] },
      schema: {
        tags,
        summary: 'List active products: filters, full-text search, offset paging',
        querystring: ListProductsQuery,
        response: { 200: ProductPage },
      },
    },
    async (request) => {
      const parsed = parseListQuery(request.query);
      if (!parsed.ok) {
        // Fields that are each valid but do not go together: 422, as the document says
        // (an OpenAPI query parameter cannot declare that it needs another).
        const incomplete = parsed.problems.every((p) => p.combination);
        throw (incomplete ? unprocessableContent : badRequest)('Invalid query', {
          detail: parsed.problems.map((p) => `${p.field} ${p.message}`).join('; '),
          extensions: {
            errors: parsed.problems.map((p) => ({
              in: 'querystring',
              field: p.field,
              instancePath: `/${p.field}`,
              message: p.message,
            })),
          },
        });
      }
      const { query } = parsed;
      const page = await catalog.list(query);
      const next = nextOffset(query, page.total);
      return {
        ...page,
        limit: query.limit,
        offset: query.offset,
        ...(next === undefined ? {} : { nextOffset: next }),
      };
    },
  );

  app.get(
    '/products/:id',
    {
      schema: {
        tags,
        summary: 'One product, active or not',
        params: ProductParams,
        response: { 200: Product },
      },
    },
    async (request) => {
      const product = await catalog.get(request.params.id);
      if (!product) throw productNotFound(request.params.id);
      return product;
    },
  );

  // A POST because a GET query string of 100 UUIDs is near common URL length limits.
  app.post(
    '/products/lookup',
    {
      schema: {
        tags,
        summary: 'Several products by id in one call (current prices for order lines)',
        body: LookupBody,
        response: { 200: LookupResult },
      },
    },
    async (request) => catalog.lookup(request.body.ids),
  );

  app.post(
    '/products',
    {
      config: { problems: [409] },
      onRequest: [app.requireRole('admin')],
      schema: {
        tags,
        summary: 'Create a product (admin)',
        body: CreateProductBody,
        response: { 201: Product },
      },
    },
    async (request, reply) => {
      const product = await mapDuplicateSku(() => catalog.create(request.body));
      return reply.code(201).header('location', `/products/${product.id}`).send(product);
    },
  );

  app.patch(
    '/products/:id',
    {
      config: { problems: [409] },
      onRequest: [app.requireRole('admin')],
      schema: {
        tags,
        summary: 'Change some fields of a product (admin)',
        params: ProductParams,
        body: UpdateProductBody,
        response: { 200: Product },
      },
    },
    async (request) => {
      // Unknown members are dropped by validation, which can leave nothing to change.
      if (Object.keys(request.body).length === 0) {
        throw badRequest('Nothing to change', {
          detail: `Send at least one of ${Object.keys(UpdateProductBody.properties).join(', ')}`,
        });
      }
      const product = await mapDuplicateSku(() => catalog.update(request.params.id, request.body));
      if (!product) throw productNotFound(request.params.id);
      return product;
    },
  );

  app.delete(
    '/products/:id',
    {
      onRequest: [app.requireRole('admin')],
      schema: {
        tags,
        summary: 'Delete a product (admin); deactivating keeps it for past orders',
        params: ProductParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      if (!(await catalog.delete(request.params.id))) throw productNotFound(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
