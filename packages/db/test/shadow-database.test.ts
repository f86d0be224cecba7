import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { connectToShadowDatabase } from '../src/migrations/shadow-database.ts';

const infra = await isolatedInfra();
const admin = infra.postgres.pool();

async function databaseExists(name: string) {
  const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length === 1;
}

describe('shadow database', () => {
  it('is a fresh database with the service schema first on the search_path, dropped on dispose', async () => {
    const shadow = await connectToShadowDatabase(infra.postgres.adminUrl, 'orders');
    const result = await shadow.queryRaw({
      sql: 'SELECT current_database() AS name, current_schema() AS schema',
      args: [],
      argTypes: [],
    });
    const [name, schema] = result.rows[0] as [string, string];
    expect(name).toMatch(/^prisma_migrate_shadow_db_/);
    expect(schema).toBe('orders');
    expect(await databaseExists(name)).toBe(true);

    await shadow.dispose();
    expect(await databaseExists(name)).toBe(false);
  });

  it('reads catalog "char" columns, which the schema engine inspects', async () => {
    const shadow = await connectToShadowDatabase(infra.postgres.adminUrl, 'orders');
    try {
      const result = await shadow.queryRaw({
        sql: "SELECT relkind FROM pg_class WHERE relname = 'pg_class'",
        args: [],
        argTypes: [],
      });
      expect(result.rows).toEqual([['r']]);
    } finally {
      await shadow.dispose();
    }
  });

  it('explains that creating it needs a role allowed to create databases', async () => {
    await expect(
      connectToShadowDatabase(infra.postgres.urlFor('order-service'), 'orders'),
    ).rejects.toThrow(/set DATABASE_ADMIN_URL/);
  });
});
