import { fileURLToPath } from 'node:url';
import { deployMigrations } from '@ecommerce/db/migrations';
import { loadConfig } from '@ecommerce/service-kit';
import { isolatedInfra } from '@ecommerce/testkit';
import { afterAll } from 'vitest';
import { buildApp } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { createDatabase } from '../src/db.ts';

const schemaPath = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url));

export const seedAdmin = { email: 'root@shop.example', password: 'root-test-password-1' };

/**
 * A migrated database private to the calling test file, and a way to build the app on it.
 * Small limits (fast password hashing, 3 failed logins) keep the tests quick.
 */
export async function userServiceTestbed() {
  const infra = await isolatedInfra();
  const databaseUrl = infra.postgres.urlFor('user-service');
  await deployMigrations({ schemaPath }, { databaseUrl });
  const db = createDatabase(databaseUrl, 4);
  afterAll(() => db.$disconnect());

  function config(env: Record<string, string> = {}) {
    return loadConfig(configSchema, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      PASSWORD_HASH_COST: '10',
      LOGIN_MAX_FAILURES: '3',
      LOGIN_FAILURE_WINDOW_SECONDS: '600',
      SEED_ADMIN_EMAIL: seedAdmin.email,
      SEED_ADMIN_PASSWORD: seedAdmin.password,
      ...env,
    });
  }

  async function app(env: Record<string, string> = {}) {
    const built = await buildApp(config(env));
    afterAll(() => built.close());
    return built;
  }

  return { infra, db, databaseUrl, config, app };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
