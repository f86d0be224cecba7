import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { deployMigrations } from '@ecommerce/db/migrations';
import { loadConfig } from '@ecommerce/service-kit';
import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { isolatedInfra } from '@ecommerce/testkit';
import { afterAll, expect } from 'vitest';
import { buildApp } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { createInventoryDatabase } from '../src/db.ts';

const schemaPath = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url));

/**
 * A migrated private database, the app on it (tokens signed by a test issuer), a Prisma client
 * for calling the repository directly, and a superuser pool for looking underneath.
 */
export async function inventoryTestbed() {
  const infra = await isolatedInfra();
  const databaseUrl = infra.postgres.urlFor('inventory-service');
  await deployMigrations({ schemaPath }, { databaseUrl });
  const issuer = await createTestTokenIssuer();
  const config = loadConfig(configSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
  });
  const app = await buildApp(config, { jwks: issuer.jwks });
  await app.ready();
  const db = createInventoryDatabase({ connectionString: databaseUrl, poolMax: 20 });
  afterAll(async () => {
    await app.close();
    await db.$disconnect();
  });
  const bearer = async (roles: string[]) => ({
    authorization: `Bearer ${await issuer.token({ userId: randomUUID(), roles })}`,
  });
  return {
    app,
    db,
    admin: infra.postgres.pool(),
    adminHeaders: await bearer(['admin']),
    customerHeaders: await bearer(['customer']),
  };
}

export type Testbed = Awaited<ReturnType<typeof inventoryTestbed>>;

/** Gives a new product `onHand` units through the admin API and returns its id. */
export async function stockedProduct(testbed: Testbed, onHand: number): Promise<string> {
  const productId = randomUUID();
  const response = await testbed.app.inject({
    method: 'PUT',
    url: `/inventory/${productId}`,
    headers: testbed.adminHeaders,
    payload: { onHand },
  });
  expect(response.statusCode).toBe(201);
  return productId;
}

/**
 * Every stock row agrees with its ledger and with the reservations that hold it: on hand and
 * reserved are the sums of their movements, and reserved is what RESERVED reservations hold.
 */
export async function expectStockConsistent(testbed: Testbed) {
  const { rows } = await testbed.admin.query(`
    SELECT s.product_id, s.on_hand, s.reserved,
      (SELECT COALESCE(SUM(delta_on_hand), 0)::int FROM inventory.stock_movements m
        WHERE m.product_id = s.product_id) AS ledger_on_hand,
      (SELECT COALESCE(SUM(delta_reserved), 0)::int FROM inventory.stock_movements m
        WHERE m.product_id = s.product_id) AS ledger_reserved,
      (SELECT COALESCE(SUM(l.quantity), 0)::int FROM inventory.reservation_lines l
        JOIN inventory.reservations r ON r.id = l.reservation_id
        WHERE l.product_id = s.product_id AND r.status = 'RESERVED') AS held
    FROM inventory.stock_items s`);
  for (const row of rows) {
    expect(row.ledger_on_hand, `on hand of ${row.product_id}`).toBe(row.on_hand);
    expect(row.ledger_reserved, `reserved of ${row.product_id}`).toBe(row.reserved);
    expect(row.held, `held for ${row.product_id}`).toBe(row.reserved);
  }
}

export const problemJson = 'application/problem+json';
