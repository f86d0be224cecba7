import { isolatedInfra } from '@ecommerce/testkit';
import { beforeAll, describe, expect, it } from 'vitest';

const infra = await isolatedInfra();

describe('service roles', () => {
  beforeAll(async () => {
    await infra.postgres
      .pool('order-service')
      .query('CREATE TABLE orders.secret (id int); INSERT INTO orders.secret VALUES (1)');
  });

  it("cannot read another service's schema", async () => {
    const users = infra.postgres.pool('user-service');
    await expect(users.query('SELECT * FROM orders.secret')).rejects.toMatchObject({
      code: '42501', // insufficient_privilege
      message: expect.stringContaining('permission denied for schema orders'),
    });
  });

  it('cannot create tables outside its own schema', async () => {
    const users = infra.postgres.pool('user-service');
    await expect(users.query('CREATE TABLE public.stray (id int)')).rejects.toMatchObject({
      code: '42501',
    });
    await expect(users.query('CREATE TABLE orders.stray (id int)')).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('owns its own schema and works in it by default', async () => {
    const users = infra.postgres.pool('user-service');
    await users.query('CREATE TABLE accounts (id int)');
    const { rows } = await users.query<{ owner: string }>(
      "SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'users' AND tablename = 'accounts'",
    );
    expect(rows).toEqual([{ owner: 'user_service' }]);
  });
});
