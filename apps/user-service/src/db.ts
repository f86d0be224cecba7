import { createPrismaClient } from '@ecommerce/db';
import { type Prisma, PrismaClient } from './generated/prisma/client.ts';

export type Database = PrismaClient;

/** The Prisma client of this service, as its own role in the `users` schema (ADR 0003). */
export function createDatabase(connectionString: string, poolMax: number): Database {
  // The generated constructor's options are generic, so TypeScript cannot infer them here.
  return createPrismaClient<PrismaClient, Prisma.PrismaClientOptions>(PrismaClient, {
    connectionString,
    schema: 'users',
    pool: { max: poolMax },
  });
}
