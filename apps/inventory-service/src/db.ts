import { createPrismaClient } from '@ecommerce/db';
import { PrismaClient } from './generated/prisma/client.ts';

export type { Prisma } from './generated/prisma/client.ts';
export type InventoryDatabase = PrismaClient;

/** The inventory schema's client, as the inventory_service role. */
export function createInventoryDatabase(options: {
  connectionString: string;
  poolMax: number;
}): InventoryDatabase {
  return createPrismaClient(
    PrismaClient,
    {
      connectionString: options.connectionString,
      schema: 'inventory',
      pool: { max: options.poolMax },
    },
    {
      // A burst of orders for the same products waits for row locks and pooled connections;
      // Prisma's defaults (2 s to start, 5 s to finish) would fail orders that merely queued.
      transactionOptions: { maxWait: 15_000, timeout: 20_000 },
    },
  );
}
