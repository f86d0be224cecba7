import { createPrismaClient } from '@ecommerce/db';
import { type Prisma, PrismaClient } from './generated/prisma/client.ts';

export type Database = PrismaClient;

/** The Prisma client of order-service: its own role, its own schema. */
export function createDatabase(options: { url: string; poolMax: number }): Database {
  // The generated constructor's options are generic, so TypeScript cannot infer them here.
  return createPrismaClient<PrismaClient, Prisma.PrismaClientOptions>(PrismaClient, {
    connectionString: options.url,
    schema: 'orders',
    pool: { max: options.poolMax },
  });
}
