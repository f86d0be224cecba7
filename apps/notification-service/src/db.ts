import { createPrismaClient } from '@ecommerce/db';
import { PrismaClient } from './generated/prisma/client.ts';

export type { Prisma } from './generated/prisma/client.ts';
export { PrismaClient };

/** The service's Prisma client, in its own schema and as its own role (ADR 0003). */
export function createDatabase(connectionString: string): PrismaClient {
  // Explicit type arguments: the generated options type is a union that TypeScript does not
  // infer through createPrismaClient's constructor parameter.
  return createPrismaClient<PrismaClient, ConstructorParameters<typeof PrismaClient>[0]>(
    PrismaClient,
    { connectionString, schema: 'notifications' },
  );
}
