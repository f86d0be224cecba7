import { createPrismaClient } from '@ecommerce/db';
import { PrismaClient } from './generated/prisma/client.ts';

export type { Prisma } from './generated/prisma/client.ts';
export { PrismaClient };

/** The service's Prisma client, in its own schema and as its own role (ADR 0003). */
export function createDatabase(connectionString: string): PrismaClient {
  return createPrismaClient(PrismaClient, { connectionString, schema: 'notifications' });
}
