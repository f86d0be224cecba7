import { readFile } from 'node:fs/promises';
import { loadConfigOrExit } from '@ecommerce/service-kit';
import { configSchema } from './config.ts';
import { createInventoryDatabase, type InventoryDatabase } from './db.ts';
import { initializeStock } from './repository/stock-repository.ts';

const catalogFile = new URL('../../../infra/seed/catalog.json', import.meta.url);

interface SeedCatalog {
  products: { id: string; sku: string; initialStock: number }[];
}

/**
 * Gives every product of the development catalog its initial stock. Products that already
 * have stock keep it (with whatever orders did to it), so running this again changes nothing.
 */
export async function seedInventory(db: InventoryDatabase, catalog: SeedCatalog) {
  let created = 0;
  for (const product of catalog.products) {
    const isNew = await db.$transaction((tx) =>
      initializeStock(tx, product.id, product.initialStock, 'initial stock (development seed)'),
    );
    if (isNew) created += 1;
  }
  return { created, unchanged: catalog.products.length - created };
}

export async function readSeedCatalog(): Promise<SeedCatalog> {
  return JSON.parse(await readFile(catalogFile, 'utf8')) as SeedCatalog;
}

if (import.meta.main) {
  const config = loadConfigOrExit(configSchema);
  const db = createInventoryDatabase({ connectionString: config.DATABASE_URL, poolMax: 2 });
  try {
    const { created, unchanged } = await seedInventory(db, await readSeedCatalog());
    console.log(`Inventory seed: ${created} products stocked, ${unchanged} already had stock.`);
  } finally {
    await db.$disconnect();
  }
}
