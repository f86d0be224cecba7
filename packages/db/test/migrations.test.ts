import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import {
  createMigration,
  deployMigrations,
  type MigrationConnection,
  migrationStatus,
} from '../src/migrations/index.ts';
import { copyShopFixture, tablesInSchemaSql } from './fixture.ts';

const infra = await isolatedInfra();
const admin = infra.postgres.pool();
const shop = await copyShopFixture();
const project = { schemaPath: shop.schemaPath };
const connection: MigrationConnection = {
  databaseUrl: infra.postgres.urlFor('order-service'),
  adminUrl: infra.postgres.adminUrl,
};

async function tables(schema: string) {
  const { rows } = await admin.query<{ table_name: string }>(tablesInSchemaSql, [schema]);
  return rows.map((row) => row.table_name);
}

async function columns(schema: string, table: string) {
  const { rows } = await admin.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
       WHERE table_schema = $1 AND table_name = $2 ORDER BY column_name`,
    [schema, table],
  );
  return rows.map((row) => row.column_name);
}

const initial = (await readdir(shop.migrationsDir, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// The tests build on each other (tests in a file run in order): one database goes from empty
// to the second migration.
describe('migrations through the WebAssembly schema engine', () => {
  it('reports every migration pending on an empty schema', async () => {
    const status = await migrationStatus(project, connection);
    expect(status.schema).toBe('orders');
    expect(status.migrations).toEqual(initial.map((name) => ({ name, state: 'pending' })));
    expect(status.upToDate).toBe(false);
  });

  it('applies from empty into the service schema, as the service role, and records it', async () => {
    const { schema, applied } = await deployMigrations(project, connection);
    expect(schema).toBe('orders');
    expect(applied).toEqual(initial);
    expect(await tables('orders')).toEqual(['_prisma_migrations', 'customers', 'orders']);
    expect(await tables('public')).toEqual([]);

    const { rows } = await admin.query(
      `SELECT m.migration_name, m.finished_at, m.rolled_back_at, c.relowner::regrole::text AS owner
         FROM orders._prisma_migrations m, pg_class c
        WHERE c.oid = 'orders.customers'::regclass`,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        migration_name: initial[0],
        finished_at: expect.any(Date),
        rolled_back_at: null,
        owner: 'order_service',
      }),
    ]);
  });

  it('applies nothing the second time', async () => {
    expect((await deployMigrations(project, connection)).applied).toEqual([]);
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM orders._prisma_migrations');
    expect(rows[0].n).toBe(1);
  });

  it('reports an applied history as up to date', async () => {
    const status = await migrationStatus(project, connection);
    expect(status.migrations).toEqual(initial.map((name) => ({ name, state: 'applied' })));
    expect(status.upToDate).toBe(true);
  });

  it('creates no migration when the schema adds nothing', async () => {
    expect(await createMigration(project, connection, 'nothing')).toBeNull();
    expect(await readdir(shop.migrationsDir)).toEqual([...initial, 'migration_lock.toml']);
  });

  it('writes a new migration for a schema change, which deploy then applies', async () => {
    await shop.editSchema(
      (schema) => `${schema.replace('@db.Char(3)', '@db.Char(3)\n  note String?')}
model Coupon {
  code          String @id
  discountMinor Int    @map("discount_minor")

  @@map("coupons")
}
`,
    );
    const created = await createMigration(
      project,
      connection,
      'Add coupons',
      new Date('2031-02-03T04:05:06Z'),
    );
    expect(created?.name).toBe('20310203040506_add_coupons');
    const sql = await readFile(
      join(shop.migrationsDir, created?.name ?? '', 'migration.sql'),
      'utf8',
    );
    expect(sql).toContain('ALTER TABLE "orders" ADD COLUMN     "note" TEXT;');
    expect(sql).toContain('CREATE TABLE "coupons"');
    expect(sql).not.toContain('customers');
    // Creating writes files only; the database waits for deploy.
    expect(await tables('orders')).not.toContain('coupons');

    const status = await migrationStatus(project, connection);
    expect(status.migrations.at(-1)).toEqual({ name: created?.name, state: 'pending' });
    expect(status.upToDate).toBe(false);

    expect((await deployMigrations(project, connection)).applied).toEqual([created?.name]);
    expect(await columns('orders', 'coupons')).toEqual(['code', 'discount_minor']);
    expect(await columns('orders', 'orders')).toContain('note');
    expect((await migrationStatus(project, connection)).upToDate).toBe(true);
  });
});
