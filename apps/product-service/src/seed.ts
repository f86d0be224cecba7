import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '@ecommerce/service-kit';
import { configSchema } from './config.ts';
import { createDatabase, type Database } from './db.ts';
import type { ProductInput } from './domain/product.ts';
import { createProductRepository } from './product-repository.ts';

/** Shared with inventory-service, which seeds stock for the same ids. */
export const catalogSeedPath = resolve(import.meta.dirname, '../../../infra/seed/catalog.json');

interface SeedProduct extends ProductInput {
  id: string;
}

export async function readCatalogSeed(path = catalogSeedPath): Promise<SeedProduct[]> {
  const seed = JSON.parse(await readFile(path, 'utf8')) as { products: SeedProduct[] };
  return seed.products.map(({ id, sku, name, description, category, price }) => ({
    id,
    sku,
    name,
    ...(description === undefined ? {} : { description }),
    category,
    price: { amount: price.amount, currency: price.currency },
    active: true,
  }));
}

/**
 * Makes the seed products exist exactly as the file says, under their stable ids; running it
 * again changes nothing. Cached copies of changed products expire within CACHE_TTL_SECONDS.
 */
export async function seedCatalog(db: Database, products: SeedProduct[]): Promise<number> {
  const repository = createProductRepository(db);
  for (const { id, ...input } of products) await repository.upsert(id, input);
  return products.length;
}

if (import.meta.main) {
  const config = loadConfig(configSchema);
  const db = createDatabase({ url: config.DATABASE_URL, poolMax: 2 });
  try {
    const count = await seedCatalog(db, await readCatalogSeed());
    console.log(`Seeded ${count} products.`);
  } finally {
    await db.$disconnect();
  }
}
