import { createPrismaClient } from '@ecommerce/db';
import { type Prisma, PrismaClient } from './generated/prisma/client.ts';

export type Database = PrismaClient;

/** The catalog's Prisma client, as the product_service role in the `catalog` schema. */
export function createDatabase(options: {
  url: string;
  poolMax: number;
  onPoolError?: (error: Error) => void;
}): Database {
  // The generated constructor is generic over its options, which inference cannot see through.
  return createPrismaClient<PrismaClient, Prisma.PrismaClientOptions>(
    PrismaClient as new (
      options: Prisma.PrismaClientOptions,
    ) => PrismaClient,
    {
      connectionString: options.url,
      schema: 'catalog',
      pool: { max: options.poolMax },
      ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
    },
  );
}
