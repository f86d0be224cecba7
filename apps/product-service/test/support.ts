import { fileURLToPath } from 'node:url';
import { deployMigrations } from '@ecommerce/db/migrations';
import { loadConfig } from '@ecommerce/service-kit';
import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import type { Isolation } from '@ecommerce/testkit';
import { afterAll } from 'vitest';
import { buildApp } from '../src/app.ts';
import { configSchema } from '../src/config.ts';

export const schemaPath = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url));

/** Applies the service's migrations to the test file's own database. */
export async function migrate(infra: Isolation): Promise<void> {
  await deployMigrations({ schemaPath }, { databaseUrl: infra.postgres.urlFor('product-service') });
}

/** Cache keys live under the test file's Redis prefix, so cleanup removes them. */
export function cachePrefix(infra: Isolation): string {
  return `${infra.redis.keyPrefix}product:`;
}

export function testConfig(infra: Isolation, env: Record<string, string> = {}) {
  return loadConfig(configSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: infra.postgres.urlFor('product-service'),
    DATABASE_POOL_MAX: '4',
    REDIS_URL: infra.redis.url,
    REDIS_KEY_PREFIX: cachePrefix(infra),
    ...env,
  });
}

export const issuer = await createTestTokenIssuer();

export const adminToken = await issuer.token({
  userId: '00000000-0000-4000-8000-000000000001',
  roles: ['admin'],
});
export const customerToken = await issuer.token({
  userId: '00000000-0000-4000-8000-000000000002',
  roles: ['customer'],
});

export const asAdmin = { authorization: `Bearer ${adminToken}` };
export const asCustomer = { authorization: `Bearer ${customerToken}` };

/** An app on the test file's infrastructure, closed after the file's last test. */
export async function testApp(infra: Isolation, env: Record<string, string> = {}) {
  const app = await buildApp(testConfig(infra, env), { jwks: issuer.jwks });
  afterAll(() => app.close());
  await app.ready();
  return app;
}

let skuCounter = 0;

/** A valid create body; a fresh sku each time unless one is given. */
export function newProduct(overrides: Record<string, unknown> = {}) {
  skuCounter += 1;
  return {
    sku: `TEST-${process.pid}-${skuCounter}`,
    name: 'Test product',
    description: 'A product made by a test.',
    category: 'testing',
    price: { amount: 1000, currency: 'EUR' },
    ...overrides,
  };
}
