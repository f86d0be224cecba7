import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';

const infra = await isolatedInfra();

describe('postgres', () => {
  it('is a real PostgreSQL 15 or newer', async () => {
    const { rows } = await infra.postgres
      .pool()
      .query<{ version: number }>("SELECT current_setting('server_version_num')::int AS version");
    expect(rows[0]?.version).toBeGreaterThanOrEqual(150000);
  });

  it('round-trips rows through a table in a service schema', async () => {
    const db = infra.postgres.pool('order-service');
    await db.query('CREATE TABLE smoke (id serial PRIMARY KEY, note text NOT NULL)');
    await db.query('INSERT INTO smoke (note) VALUES ($1), ($2)', ['first', 'second']);
    const { rows } = await db.query<{ note: string; schema: string }>(
      'SELECT note, current_schema() AS schema FROM smoke ORDER BY id',
    );
    expect(rows).toEqual([
      { note: 'first', schema: 'orders' },
      { note: 'second', schema: 'orders' },
    ]);
  });
});
