import { createPrismaClient } from '@ecommerce/db';
import { PrismaClient } from './generated/prisma/client.ts';

export type Database = PrismaClient;

/** The Prisma client of order-service: its own role, its own schema. */
export function createDatabase(options: { url: string; poolMax: number }): Database {
  return createPrismaClient(PrismaClient, {
    connectionString: options.url,
    schema: 'orders',
    pool: { max: options.poolMax },
  });
}
