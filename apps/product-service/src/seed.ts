import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '@ecommerce/service-kit';
import { configSchema } from './config.ts';
import { createDatabase, type Database } from './db.ts';
import type { ProductInput } from './domain/product.ts';
import { createProductRepository, DuplicateSkuError } from './product-repository.ts';

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

export interface SeedResult {
  seeded: number;
  /** Seed products left out because another product (made through the API) holds the sku. */
  conflicts: { id: string; sku: string }[];
}

/**
 * Makes the seed products exist as the file says, under their stable ids; running it again
 * changes nothing. A sku that another product holds now (an admin deleted the seeded one and
 * created their own) is reported and left as the user made it: the seed never aborts the
 * bring-up. Cached copies of changed products expire within CACHE_TTL_SECONDS.
 */
export async function seedCatalog(db: Database, products: SeedProduct[]): Promise<SeedResult> {
  const repository = createProductRepository(db);
  const result: SeedResult = { seeded: 0, conflicts: [] };
  for (const { id, ...input } of products) {
    try {
      await repository.upsert(id, input);
      result.seeded++;
    } catch (error) {
      if (!(error instanceof DuplicateSkuError)) throw error;
      result.conflicts.push({ id, sku: input.sku });
    }
  }
  return result;
}

if (import.meta.main) {
  const config = loadConfig(configSchema);
  const db = createDatabase({ url: config.DATABASE_URL, poolMax: 2 });
  try {
    const { seeded, conflicts } = await seedCatalog(db, await readCatalogSeed());
    console.log(`Seeded ${seeded} products.`);
    for (const { id, sku } of conflicts) {
      console.log(`Left out seed product ${id}: another product has the sku ${sku}.`);
    }
  } finally {
    await db.$disconnect();
  }
}
