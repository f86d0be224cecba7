import { fileURLToPath } from 'node:url';
import { deployMigrations } from '@ecommerce/db/migrations';
import { loadConfig } from '@ecommerce/service-kit';
import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { isolatedInfra } from '@ecommerce/testkit';
import { afterAll } from 'vitest';
import { type AppDependencies, buildApp, type NotificationServiceConfig } from '../../src/app.ts';
import { configSchema } from '../../src/config.ts';
import { createDatabase } from '../../src/db.ts';

const schemaPath = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));

/**
 * This test file's own database with the service's migrations applied, a configuration for
 * it, and a token issuer whose keys the apps built here trust.
 */
export async function setUpTestService() {
  const infra = await isolatedInfra();
  const databaseUrl = infra.postgres.urlFor('notification-service');
  await deployMigrations({ schemaPath }, { databaseUrl });
  const issuer = await createTestTokenIssuer();
  const db = createDatabase(databaseUrl);
  afterAll(() => db.$disconnect());

  function config(env: Record<string, string> = {}): NotificationServiceConfig {
    return loadConfig(configSchema, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      NOTIFICATION_RETRY_BASE_DELAY_MS: '1',
      NOTIFICATION_RETRY_MAX_DELAY_MS: '10',
      ...env,
    });
  }

  async function app(env: Record<string, string> = {}, deps: AppDependencies = {}) {
    const built = await buildApp(config(env), { jwks: issuer.jwks, ...deps });
    afterAll(() => built.close());
    await built.ready();
    return built;
  }

  return { infra, db, issuer, config, app };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
