import { readFile } from 'node:fs/promises';
import { loadConfigOrExit } from '@ecommerce/service-kit';
import { configSchema } from './config.ts';
import { createDatabase, type Database } from './db.ts';
import { type CatalogProduct, priceOrder, type RequestedLine } from './domain/order-pricing.ts';
import { requestFingerprint } from './domain/request-fingerprint.ts';
import { placeOrder } from './repository/order-repository.ts';

const catalogFile = new URL('../../../infra/seed/catalog.json', import.meta.url);
const usersFile = new URL('../../../infra/seed/users.json', import.meta.url);

/** The Idempotency-Key of each customer's example order: a second run finds it and stops. */
export const seedIdempotencyKey = 'development-seed';

export interface SeedData {
  products: (Omit<CatalogProduct, 'active'> & { id: string })[];
  customers: { id: string; email: string }[];
}

export async function readSeedData(): Promise<SeedData> {
  const catalog = JSON.parse(await readFile(catalogFile, 'utf8')) as {
    products: SeedData['products'];
  };
  const { users } = JSON.parse(await readFile(usersFile, 'utf8')) as {
    users: { id: string; email: string; roles: string[] }[];
  };
  return {
    products: catalog.products,
    customers: users.filter((user) => user.roles.includes('customer')),
  };
}

/**
 * Places one example order per seed customer, at the seed catalog's prices, exactly as
 * `POST /orders` would: PENDING, with order.created in the outbox, so the saga takes it from
 * there once the other services run. Each order carries a fixed Idempotency-Key, so running
 * the seed again places nothing.
 */
export async function seedOrders(db: Database, seed: SeedData) {
  const catalog = new Map(
    seed.products.map((product) => [product.id, { ...product, active: true }]),
  );
  let placed = 0;
  for (const [index, customer] of seed.customers.entries()) {
    // The seed's own record of the order, of any age: an Idempotency-Key expires after 24
    // hours for clients, but the example order must not be placed again a day later.
    const seeded = await db.idempotencyKey.findUnique({
      where: { customerId_key: { customerId: customer.id, key: seedIdempotencyKey } },
    });
    if (seeded) continue;
    const products = seed.products.slice(index * 2, index * 2 + 2);
    const lines: RequestedLine[] = products.map((product, n) => ({
      productId: product.id,
      quantity: n + 1,
    }));
    const result = await placeOrder(db, {
      customerId: customer.id,
      customerEmail: customer.email,
      priced: priceOrder(lines, catalog),
      idempotency: { key: seedIdempotencyKey, requestHash: requestFingerprint({ lines }) },
    });
    if (result.outcome === 'created') placed += 1;
  }
  return { placed, present: seed.customers.length - placed };
}

if (import.meta.main) {
  const config = loadConfigOrExit(configSchema);
  const db = createDatabase({ url: config.DATABASE_URL, poolMax: 2 });
  try {
    const { placed, present } = await seedOrders(db, await readSeedData());
    console.log(`Order seed: ${placed} example orders placed, ${present} already present.`);
  } finally {
    await db.$disconnect();
  }
}
