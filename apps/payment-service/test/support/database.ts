import { fileURLToPath } from 'node:url';
import { deployMigrations } from '@ecommerce/db/migrations';
import type { isolatedInfra } from '@ecommerce/testkit';
import { createDatabase, type Database } from '../../src/db.ts';

type Infra = Awaited<ReturnType<typeof isolatedInfra>>;

const schemaPath = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));

/** The test file's own database, migrated, and a client on it as payment_service. */
export async function migratedDatabase(infra: Infra): Promise<{ url: string; db: Database }> {
  const url = infra.postgres.urlFor('payment-service');
  await deployMigrations({ schemaPath }, { databaseUrl: url });
  return { url, db: createDatabase(url) };
}

/** The events written to the outbox, oldest first. */
export async function outboxEvents(db: Database) {
  const rows = await db.outboxEvent.findMany({ orderBy: { sequence: 'asc' } });
  return rows.map((row) => ({
    key: row.key,
    type: row.type,
    payload: row.payload as { data: unknown },
  }));
}
