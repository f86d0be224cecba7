import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { parseDatabaseUrl } from './database-url.ts';

export interface DatabaseConnectionOptions {
  /** Postgres URL with the service's own role, e.g. from DATABASE_URL. */
  connectionString: string;
  /**
   * The service's Postgres schema. Every generated query names it. When left out, the `schema`
   * parameter of the URL is used, and without that, unqualified names follow the role's
   * search_path.
   */
  schema?: string;
  /** pg pool settings (size, timeouts). */
  pool?: Omit<pg.PoolConfig, 'connectionString'>;
  /** Called when an idle pooled connection fails (the pool replaces it). */
  onPoolError?: (error: Error) => void;
}

/** The pg driver adapter for a service's schema and role. */
export function createPgAdapter(options: DatabaseConnectionOptions): PrismaPg {
  const target = parseDatabaseUrl(options.connectionString);
  const schema = options.schema ?? target.schema;
  return new PrismaPg(
    { ...options.pool, connectionString: target.connectionString },
    {
      ...(schema ? { schema } : {}),
      ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
    },
  );
}

/**
 * A service's generated Prisma client on the pg driver adapter (no native engine):
 * `createPrismaClient(PrismaClient, { connectionString, schema: 'orders' })`.
 * `clientOptions` are the generated client's own options (log, transactionOptions, ...).
 */
export function createPrismaClient<Client extends new (options: never) => object>(
  PrismaClient: Client,
  connection: DatabaseConnectionOptions,
  clientOptions?: Omit<NonNullable<ConstructorParameters<Client>[0]>, 'adapter'>,
): InstanceType<Client> {
  // The generated constructor is generic over its options; `never` accepts it as it is, and
  // the options it is called with are exactly what it declares plus the adapter.
  const options = { ...clientOptions, adapter: createPgAdapter(connection) };
  return new PrismaClient(options as never) as InstanceType<Client>;
}
