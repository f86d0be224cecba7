import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { deployMigrations } from '@ecommerce/db/migrations';
import { loadConfig } from '@ecommerce/service-kit';
import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import type { Isolation } from '@ecommerce/testkit';
import { afterAll } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { configSchema } from '../../src/config.ts';
import { createDatabase } from '../../src/db.ts';

const schemaPath = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));

/** Applies order-service's migrations to the test file's own database. */
export async function migrate(infra: Isolation) {
  await deployMigrations({ schemaPath }, { databaseUrl: infra.postgres.urlFor('order-service') });
}

export type TestApp = Awaited<ReturnType<typeof buildApp>>;

/**
 * order-service on the test file's database, calling product-service at `productServiceUrl`,
 * trusting tokens of a test issuer. Closed after the file.
 */
export async function startOrderService(
  infra: Isolation,
  options: {
    productServiceUrl: string;
    productServiceTimeoutMs?: number;
    issuer?: Awaited<ReturnType<typeof createTestTokenIssuer>>;
  },
) {
  const issuer = options.issuer ?? (await createTestTokenIssuer());
  const config = loadConfig(configSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: infra.postgres.urlFor('order-service'),
    PRODUCT_SERVICE_URL: options.productServiceUrl,
    PRODUCT_SERVICE_TIMEOUT_MS: String(options.productServiceTimeoutMs ?? 2000),
  });
  const app = await buildApp(config, { jwks: issuer.jwks });
  afterAll(() => app.close());

  return {
    app,
    issuer,
    /** The database as order-service's role, for checks and for setting up saga states. */
    db: (() => {
      const db = createDatabase({ url: config.DATABASE_URL, poolMax: 2 });
      afterAll(() => db.$disconnect());
      return db;
    })(),
    async customer(userId: string = randomUUID()) {
      return { userId, authorization: `Bearer ${await issuer.token({ userId })}` };
    },
    async admin(userId: string = randomUUID()) {
      return {
        userId,
        authorization: `Bearer ${await issuer.token({ userId, roles: ['admin'] })}`,
      };
    },
  };
}
