import { describe, expect, it } from 'vitest';
import { readSeedUsers, seedUsers } from '../src/seed.ts';
import { userServiceTestbed } from './support.ts';

const testbed = await userServiceTestbed();

describe('seedUsers', () => {
  it('creates the users of infra/seed/users.json with their ids, once', async () => {
    const seed = await readSeedUsers();
    const config = testbed.config();
    expect(await seedUsers(testbed.db, config)).toEqual(seed.map((user) => user.email));
    expect(await seedUsers(testbed.db, config)).toEqual([]);

    const users = await testbed.db.user.findMany({ orderBy: { email: 'asc' } });
    expect(users).toHaveLength(seed.length);
    for (const entry of seed) {
      expect(users.find((user) => user.email === entry.email)).toMatchObject({
        id: entry.id,
        roles: entry.roles,
      });
    }
  });

  it('gives seeded users their passwords', async () => {
    const [customer] = (await readSeedUsers()).filter((user) => user.roles?.includes('customer'));
    if (!customer) throw new Error('users.json has no customer');
    const app = await testbed.app();
    const response = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: customer.email, password: customer.password },
    });
    expect(response.statusCode).toBe(200);
  });

  it('refuses to run in production', async () => {
    await expect(seedUsers(testbed.db, testbed.config({ NODE_ENV: 'production' }))).rejects.toThrow(
      /production/,
    );
  });
});
