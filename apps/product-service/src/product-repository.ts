import type { Database } from './db.ts';
import type { ListQuery } from './domain/list-query.ts';
import {
  type Product,
  type ProductChanges,
  type ProductInput,
  type ProductRow,
  toProduct,
  toRowValues,
} from './domain/product.ts';
import { Prisma } from './generated/prisma/client.ts';

/** The sku is taken by another product. */
export class DuplicateSkuError extends Error {
  constructor(sku: string | undefined) {
    super(`A product with sku ${sku ?? '(given)'} already exists`);
    this.name = 'DuplicateSkuError';
  }
}

/** Every column except the search document, which only the database reads. */
const productColumns = {
  id: true,
  sku: true,
  name: true,
  description: true,
  category: true,
  priceAmount: true,
  priceCurrency: true,
  active: true,
  createdAt: true,
  updatedAt: true,
} as const;

const isKnownError = (error: unknown, code: string) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;

/** Maps Prisma's "unique violated" and "record not found" to what the catalog means by them. */
async function write<T>(sku: string | undefined, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (isKnownError(error, 'P2002')) throw new DuplicateSkuError(sku);
    if (isKnownError(error, 'P2025')) return undefined;
    throw error;
  }
}

function listConditions(query: ListQuery): Prisma.Sql {
  const conditions = [Prisma.sql`active`];
  if (query.category !== undefined) conditions.push(Prisma.sql`category = ${query.category}`);
  if (query.currency !== undefined) {
    conditions.push(Prisma.sql`price_currency = ${query.currency}`);
  }
  if (query.minPrice !== undefined) conditions.push(Prisma.sql`price_amount >= ${query.minPrice}`);
  if (query.maxPrice !== undefined) conditions.push(Prisma.sql`price_amount <= ${query.maxPrice}`);
  if (query.q !== undefined) {
    conditions.push(Prisma.sql`search_vector @@ websearch_to_tsquery('english', ${query.q})`);
  }
  return Prisma.join(conditions, ' AND ');
}

function newRow(input: ProductInput) {
  return {
    sku: input.sku,
    name: input.name,
    description: input.description ?? '',
    category: input.category,
    priceAmount: input.price.amount,
    priceCurrency: input.price.currency,
    active: input.active ?? true,
  };
}

export function createProductRepository(db: Database) {
  return {
    async findById(id: string): Promise<Product | undefined> {
      const row = await db.product.findUnique({ where: { id }, select: productColumns });
      return row ? toProduct(row) : undefined;
    },

    async findByIds(ids: string[]): Promise<Product[]> {
      const rows = await db.product.findMany({
        where: { id: { in: ids } },
        select: productColumns,
      });
      return rows.map(toProduct);
    },

    /**
     * Active products matching the filters. With a search, best matches first (name weighs
     * most, then category, then description); otherwise by name. The id breaks ties so pages
     * never overlap.
     */
    async list(query: ListQuery): Promise<{ items: Product[]; total: number }> {
      const where = listConditions(query);
      const order =
        query.q === undefined
          ? Prisma.sql`name, id`
          : Prisma.sql`ts_rank(search_vector, websearch_to_tsquery('english', ${query.q})) DESC, name, id`;
      const [rows, counted] = await Promise.all([
        db.$queryRaw<ProductRow[]>`
          SELECT id, sku, name, description, category, price_amount AS "priceAmount",
                 price_currency AS "priceCurrency", active, created_at AS "createdAt",
                 updated_at AS "updatedAt"
          FROM products WHERE ${where} ORDER BY ${order}
          LIMIT ${query.limit} OFFSET ${query.offset}`,
        db.$queryRaw<{ total: number }[]>`
          SELECT count(*)::int AS total FROM products WHERE ${where}`,
      ]);
      return { items: rows.map(toProduct), total: counted[0]?.total ?? 0 };
    },

    async create(input: ProductInput): Promise<Product> {
      const row = await write(input.sku, () =>
        db.product.create({ data: newRow(input), select: productColumns }),
      );
      // create never reports "not found"; write() returns undefined only for that.
      if (!row) throw new Error('product was not created');
      return toProduct(row);
    },

    /** Creates the product with this id, or makes the existing one equal to the input. */
    async upsert(id: string, input: ProductInput): Promise<Product> {
      const values = newRow(input);
      const row = await write(input.sku, () =>
        db.product.upsert({
          where: { id },
          create: { id, ...values },
          update: values,
          select: productColumns,
        }),
      );
      if (!row) throw new Error('product was not upserted');
      return toProduct(row);
    },

    /** undefined when there is no such product. */
    async update(id: string, changes: ProductChanges): Promise<Product | undefined> {
      const row = await write(changes.sku, () =>
        db.product.update({ where: { id }, data: toRowValues(changes), select: productColumns }),
      );
      return row ? toProduct(row) : undefined;
    },

    /** false when there is no such product. */
    async delete(id: string): Promise<boolean> {
      const row = await write(undefined, () =>
        db.product.delete({ where: { id }, select: { id: true } }),
      );
      return row !== undefined;
    },
  };
}

export type ProductRepository = ReturnType<typeof createProductRepository>;
