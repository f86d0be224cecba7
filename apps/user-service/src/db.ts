import { createPrismaClient } from '@ecommerce/db';
import { PrismaClient } from './generated/prisma/client.ts';

export type Database = PrismaClient;

/** The Prisma client of this service, as its own role in the `users` schema (ADR 0003). */
export function createDatabase(connectionString: string, poolMax: number): Database {
  return createPrismaClient(PrismaClient, {
    connectionString,
    schema: 'users',
    pool: { max: poolMax },
  });
}
