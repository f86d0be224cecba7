import { join } from 'node:path';
import { deployMigrations } from '@ecommerce/db/migrations';
import {
  type Isolation,
  repoRoot,
  type ServiceName,
  type ServiceProcess,
  serviceDatabases,
  startServiceProcess,
} from '@ecommerce/testkit';

export const admin = { email: 'admin@system.test', password: 'system-test-admin-password' };

export interface RunningSystem {
  services: Record<ServiceName, ServiceProcess>;
  stop(): Promise<Record<string, number | NodeJS.Signals | null>>;
}

/**
 * Every service as a process, as in production, on this test's private database, topics and
 * Redis prefix: migrations applied first, user-service first (the others read its JWKS).
 */
export async function startSystem(infra: Isolation): Promise<RunningSystem> {
  const names = Object.keys(serviceDatabases) as ServiceName[];
  await Promise.all(
    names.map((name) =>
      deployMigrations(
        { schemaPath: join(repoRoot, 'apps', name, 'prisma/schema.prisma') },
        { databaseUrl: infra.postgres.urlFor(name) },
      ),
    ),
  );
  const common = (name: ServiceName) => ({
    DATABASE_URL: infra.postgres.urlFor(name),
    // This test's own topics and consumer groups, apart from any other system on the broker.
    KAFKA_BROKERS: infra.kafka.brokers.join(','),
    KAFKA_TOPIC_PREFIX: infra.kafka.topic(''),
  });

  const user = await startServiceProcess({
    name: 'user-service',
    env: {
      ...common('user-service'),
      // Fast hashing: the cost is a production setting, not what this test is about.
      PASSWORD_HASH_COST: '14',
      SEED_ADMIN_EMAIL: admin.email,
      SEED_ADMIN_PASSWORD: admin.password,
    },
  });
  const jwks = { JWKS_URL: `${user.url}/.well-known/jwks.json` };
  const product = await startServiceProcess({
    name: 'product-service',
    env: {
      ...common('product-service'),
      ...jwks,
      REDIS_URL: infra.redis.url,
      REDIS_KEY_PREFIX: `${infra.redis.keyPrefix}product:`,
    },
  });
  const [inventory, order, payment, notification] = await Promise.all([
    startServiceProcess({
      name: 'inventory-service',
      env: { ...common('inventory-service'), ...jwks },
    }),
    startServiceProcess({
      name: 'order-service',
      env: { ...common('order-service'), ...jwks, PRODUCT_SERVICE_URL: product.url },
    }),
    startServiceProcess({
      name: 'payment-service',
      env: { ...common('payment-service'), ...jwks },
    }),
    startServiceProcess({
      name: 'notification-service',
      env: { ...common('notification-service'), ...jwks },
    }),
  ]);
  const services = {
    'user-service': user,
    'product-service': product,
    'inventory-service': inventory,
    'order-service': order,
    'payment-service': payment,
    'notification-service': notification,
  };
  return {
    services,
    async stop() {
      const results = await Promise.all(
        Object.values(services).map(async (s) => [s.name, await s.stop()] as const),
      );
      return Object.fromEntries(results);
    },
  };
}
