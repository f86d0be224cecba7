import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { quoteIdentifier, withDatabase } from '../database-url.ts';
import { CatalogCharAsTextClient } from './catalog-char-client.ts';

async function runAsAdmin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A throwaway database in which the engine replays the migration history, so that a new
 * migration is the difference between that history and the Prisma schema. It gets the service's
 * schema, as production has it; disposing the adapter drops the database.
 */
export async function connectToShadowDatabase(
  adminUrl: string,
  schema: string,
): Promise<SqlDriverAdapter> {
  const database = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`;
  try {
    await runAsAdmin(
      withDatabase(adminUrl, 'postgres'),
      `CREATE DATABASE ${quoteIdentifier(database)}`,
    );
  } catch (error) {
    throw new Error(
      `Cannot create the shadow database (${(error as Error).message}). Creating a migration ` +
        'needs a role that may create databases: set DATABASE_ADMIN_URL.',
      { cause: error },
    );
  }
  const shadowUrl = withDatabase(adminUrl, database);
  const dropDatabase = () =>
    runAsAdmin(
      withDatabase(adminUrl, 'postgres'),
      `DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`,
    );
  try {
    await runAsAdmin(shadowUrl, `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    const adapter = await new PrismaPg(
      {
        connectionString: shadowUrl,
        Client: CatalogCharAsTextClient,
        // Migration scripts name no schema: like the service role's, the search_path decides.
        options: `-c search_path=${quoteIdentifier(schema)}`,
      },
      { schema },
    ).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      try {
        await dispose();
      } finally {
        await dropDatabase();
      }
    };
    return adapter;
  } catch (error) {
    await dropDatabase();
    throw error;
  }
}
