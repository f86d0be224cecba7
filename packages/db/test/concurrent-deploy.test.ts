import { join } from 'node:path';
import { isolatedInfra } from '@ecommerce/testkit';
import { expect, it } from 'vitest';
import { deployMigrations } from '../src/migrations/index.ts';
import { shopFixture } from './fixture.ts';

const infra = await isolatedInfra();

it('applies each migration once when several instances deploy at the same time', async () => {
  const project = { schemaPath: join(shopFixture, 'prisma/schema.prisma') };
  const connection = { databaseUrl: infra.postgres.urlFor('order-service') };
  const results = await Promise.all([1, 2, 3].map(() => deployMigrations(project, connection)));

  const applied = results.flatMap((result) => result.applied);
  expect(applied).toHaveLength(1);
  const { rows } = await infra.postgres
    .pool()
    .query('SELECT migration_name, finished_at FROM orders._prisma_migrations');
  expect(rows).toEqual([{ migration_name: applied[0], finished_at: expect.any(Date) }]);
});
