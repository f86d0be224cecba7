import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { parseDatabaseUrl } from '../database-url.ts';
import { CatalogCharAsTextClient } from './catalog-char-client.ts';
import type { SchemaFile } from './migration-files.ts';
import { connectToShadowDatabase } from './shadow-database.ts';

export interface MigrationConnection {
  /** The service role's URL; migrations run as that role. */
  databaseUrl: string;
  /**
   * The service's Postgres schema. Defaults to the URL's `schema` parameter, then to the role's
   * current schema (its search_path).
   */
  schema?: string;
  /**
   * A role that may create databases, for the shadow database of `createMigration`. Defaults to
   * `databaseUrl`.
   */
  adminUrl?: string;
  /** Receives the engine's log lines (JSON). */
  onEngineLog?: (line: string) => void;
}

export const noFilters: SchemaFilter = { externalTables: [], externalEnums: [] };

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  schema: string;
  /**
   * The last error of opening a connection. The engine reports it only as "External error id#N",
   * so callers rethrow this one instead.
   */
  connectionError(): Error | undefined;
  close(): Promise<void>;
}

async function currentSchema(connectionString: string): Promise<string> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string | null }>(
      'SELECT current_schema() AS schema',
    );
    const schema = rows[0]?.schema;
    if (!schema) {
      throw new Error(
        "The database role has no current schema: give the service's schema with --db-schema " +
          'or a schema parameter in DATABASE_URL',
      );
    }
    return schema;
  } finally {
    await client.end();
  }
}

function disposeOnce(adapter: SqlDriverAdapter): SqlDriverAdapter {
  let disposed: Promise<void> | undefined;
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = () => {
    disposed ??= dispose();
    return disposed;
  };
  return adapter;
}

/**
 * Prisma's schema engine compiled to WebAssembly, talking to Postgres through the pg driver
 * adapter: what `prisma migrate` does, without the native engine binary.
 */
export async function openSchemaEngine(
  connection: MigrationConnection,
  schemaFiles: SchemaFile[],
): Promise<OpenSchemaEngine> {
  const target = parseDatabaseUrl(connection.databaseUrl);
  const schema =
    connection.schema ?? target.schema ?? (await currentSchema(target.connectionString));
  const adminUrl = connection.adminUrl ?? target.connectionString;

  const adapters: SqlDriverAdapter[] = [];
  let connectionError: Error | undefined;
  const track = async (connecting: Promise<SqlDriverAdapter>) => {
    try {
      const adapter = disposeOnce(await connecting);
      adapters.push(adapter);
      return adapter;
    } catch (error) {
      connectionError = error instanceof Error ? error : new Error(String(error));
      throw error;
    }
  };
  const service = new PrismaPg(
    { connectionString: target.connectionString, Client: CatalogCharAsTextClient },
    { schema },
  );
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: service.provider,
    adapterName: service.adapterName,
    connect: () => track(service.connect()),
    connectToShadowDb: () => track(connectToShadowDatabase(adminUrl, schema)),
  };

  // Loaded on first use: the module instantiates 5 MB of WebAssembly.
  const { SchemaEngine } = await import('@prisma/schema-engine-wasm');
  const engine = await SchemaEngine.new(
    { datamodels: schemaFiles.map((file) => [file.path, file.content]) },
    (line: string) => connection.onEngineLog?.(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    schema,
    connectionError: () => connectionError,
    async close() {
      engine.free();
      await Promise.all(adapters.map((adapter) => adapter.dispose()));
    },
  };
}
