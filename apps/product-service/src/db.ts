import { createPrismaClient } from '@ecommerce/db';
import { PrismaClient } from './generated/prisma/client.ts';

export type Database = PrismaClient;

/** The catalog's Prisma client, as the product_service role in the `catalog` schema. */
export function createDatabase(options: {
  url: string;
  poolMax: number;
  onPoolError?: (error: Error) => void;
}): Database {
  return createPrismaClient(PrismaClient, {
    connectionString: options.url,
    schema: 'catalog',
    pool: { max: options.poolMax },
    ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
  });
}
