import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createMigration, migrationStatus } from '@ecommerce/db/migrations';
import { isolatedInfra } from '@ecommerce/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db.ts';
import { readCatalogSeed, seedCatalog } from '../src/seed.ts';
import { migrate, schemaPath } from './support.ts';

const infra = await isolatedInfra();
await migrate(infra);
const connection = {
  databaseUrl: infra.postgres.urlFor('product-service'),
  adminUrl: infra.postgres.adminUrl,
};
const db = createDatabase({ url: infra.postgres.urlFor('product-service'), poolMax: 2 });
afterAll(() => db.$disconnect());

describe('migrations', () => {
  it('are all applied, in the catalog schema', async () => {
    const status = await migrationStatus({ schemaPath }, connection);
    expect(status.schema).toBe('catalog');
    expect(status.upToDate).toBe(true);
  });

  it('match the Prisma schema, generated search column included: a new migration would be empty', async () => {
    // A private copy, so that a difference cannot leave a migration in the source tree.
    const root = await mkdtemp(join(tmpdir(), 'product-service-'));
    afterAll(() => rm(root, { recursive: true, force: true }));
    await cp(dirname(schemaPath), join(root, 'prisma'), { recursive: true });
    const created = await createMigration(
      { schemaPath: join(root, 'prisma', 'schema.prisma') },
      connection,
      'drift',
    );
    expect(created?.sql ?? null).toBeNull();
  });

  it('compute the search document from name, category and description', async () => {
    const admin = infra.postgres.pool();
    const { rows } = await admin.query(
      `SELECT is_generated FROM information_schema.columns
       WHERE table_schema = 'catalog' AND table_name = 'products' AND column_name = 'search_vector'`,
    );
    expect(rows[0]?.is_generated).toBe('ALWAYS');
    const indexes = await admin.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'catalog' AND indexname = 'products_search_vector_idx'`,
    );
    expect(indexes.rows[0]?.indexdef).toContain('USING gin (search_vector)');
  });
});

describe('seed', () => {
  it('creates the 20 catalog products under their stable ids; a second run leaves the same 20', async () => {
    const products = await readCatalogSeed();
    expect(products).toHaveLength(20);
    await seedCatalog(db, products);
    const first = await db.product.findMany({ orderBy: { sku: 'asc' } });
    await seedCatalog(db, products);
    const second = await db.product.findMany({ orderBy: { sku: 'asc' } });
    expect(second).toHaveLength(20);
    expect(second.map((p) => [p.id, p.sku, p.priceAmount])).toEqual(
      first.map((p) => [p.id, p.sku, p.priceAmount]),
    );
    const keyboard = second.find((p) => p.sku === 'KB-001');
    expect(keyboard).toMatchObject({
      id: '5ef11f4a-56e6-5419-b6bb-ad682945d92f',
      priceAmount: 8999,
      priceCurrency: 'EUR',
      category: 'peripherals',
    });
  });

  it('puts back a seed product that was changed', async () => {
    const products = await readCatalogSeed();
    await db.product.update({
      where: { id: '5ef11f4a-56e6-5419-b6bb-ad682945d92f' },
      data: { priceAmount: 1, active: false },
    });
    await seedCatalog(db, products);
    const keyboard = await db.product.findUniqueOrThrow({
      where: { id: '5ef11f4a-56e6-5419-b6bb-ad682945d92f' },
    });
    expect(keyboard).toMatchObject({ priceAmount: 8999, active: true });
  });

  it('leaves out, and reports, a seed product whose sku another product holds now', async () => {
    const products = await readCatalogSeed();
    const seededId = '5ef11f4a-56e6-5419-b6bb-ad682945d92f';
    await db.product.delete({ where: { id: seededId } });
    const mine = await db.product.create({
      data: {
        sku: 'KB-001',
        name: 'My own keyboard',
        category: 'peripherals',
        priceAmount: 100,
        priceCurrency: 'EUR',
      },
    });
    const result = await seedCatalog(db, products);
    expect(result).toEqual({ seeded: 19, conflicts: [{ id: seededId, sku: 'KB-001' }] });
    expect(await db.product.findUnique({ where: { id: seededId } })).toBeNull();
    expect(await db.product.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({
      name: 'My own keyboard',
      priceAmount: 100,
    });
  });
});
