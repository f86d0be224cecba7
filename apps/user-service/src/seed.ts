import { readFile } from 'node:fs/promises';
import { loadConfigOrExit } from '@ecommerce/service-kit';
import { passwordHashCost } from './app.ts';
import { type Registrant, seedAccounts } from './auth/registration.ts';
import { configSchema, type UserServiceConfig } from './config.ts';
import { createDatabase, type Database } from './db.ts';
import { isRole, type Role } from './domain/roles.ts';
import { userRepository } from './repositories/users.ts';

/** The development accounts every part of the system agrees on (stable ids). */
export const seedUsersFile = new URL('../../../infra/seed/users.json', import.meta.url);

interface SeedFile {
  users: { id: string; email: string; password: string; name: string; roles: string[] }[];
}

export async function readSeedUsers(file: URL = seedUsersFile): Promise<Registrant[]> {
  const { users } = JSON.parse(await readFile(file, 'utf8')) as SeedFile;
  return users.map(({ id, email, password, name, roles }) => {
    const unknown = roles.filter((role) => !isRole(role));
    if (unknown.length > 0) throw new Error(`${email} has unknown roles: ${unknown.join(', ')}`);
    return { id, email, password, name, roles: roles as Role[] };
  });
}

/**
 * Creates the seed accounts that do not exist yet (by email); existing accounts, and their
 * passwords, are left alone, so it can run on every start of a development environment.
 */
export async function seedUsers(db: Database, config: UserServiceConfig): Promise<string[]> {
  if (config.NODE_ENV === 'production') {
    throw new Error('Refusing to seed development accounts with NODE_ENV=production');
  }
  return seedAccounts(userRepository(db), await readSeedUsers(), passwordHashCost(config));
}

if (import.meta.main) {
  // Seeding is a development activity: default to it rather than to production.
  const config = loadConfigOrExit(configSchema, {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
  });
  const db = createDatabase(config.DATABASE_URL, 1);
  try {
    const created = await seedUsers(db, config);
    console.log(
      `Seeded ${created.length} new user(s)${created.length ? `: ${created.join(', ')}` : ''}`,
    );
  } finally {
    await db.$disconnect();
  }
}
