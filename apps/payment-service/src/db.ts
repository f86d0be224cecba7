import { createPrismaClient } from '@ecommerce/db';
import { PrismaClient } from './generated/prisma/client.ts';

export type { Prisma } from './generated/prisma/client.ts';
export type Database = PrismaClient;

/** This service's Prisma client: role payment_service, schema payments (ADR 0003). */
export function createDatabase(connectionString: string): Database {
  return createPrismaClient(PrismaClient, {
    connectionString,
    schema: 'payments',
  });
}
