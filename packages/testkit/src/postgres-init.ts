import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { repoRoot } from './repo.ts';

const initDir = join(repoRoot, 'infra/postgres/init');

export function databaseUrl(serverUrl: string, database: string, user?: string, password?: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  if (user !== undefined) url.username = user;
  if (password !== undefined) url.password = password;
  return url.toString();
}

async function runSqlFile(url: string, file: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET client_min_messages = warning');
    await client.query(await readFile(join(initDir, file), 'utf8'));
  } finally {
    await client.end();
  }
}

/** Cluster-wide service roles (infra/postgres/init/01-roles.sql). Idempotent. */
export async function ensureServiceRoles(serverUrl: string) {
  await runSqlFile(databaseUrl(serverUrl, 'postgres'), '01-roles.sql');
}

/** One schema per service, each owned by its role (infra/postgres/init/02-schemas.sql). */
export async function createServiceSchemas(serverUrl: string, database: string) {
  await runSqlFile(databaseUrl(serverUrl, database), '02-schemas.sql');
}
