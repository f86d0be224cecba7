import { createPrismaClient } from '@ecommerce/db';
import { type Prisma, PrismaClient } from './generated/prisma/client.ts';

export type { Prisma } from './generated/prisma/client.ts';
export type Database = PrismaClient;

/** This service's Prisma client: role payment_service, schema payments (ADR 0003). */
export function createDatabase(connectionString: string): Database {
  // Explicit type arguments: TypeScript does not infer the generated options union through
  // createPrismaClient's constructor parameter.
  return createPrismaClient<PrismaClient, Prisma.PrismaClientOptions>(PrismaClient, {
    connectionString,
    schema: 'payments',
  });
}
