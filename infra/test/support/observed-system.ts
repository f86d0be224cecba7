import { join } from 'node:path';
import { deployMigrations } from '@ecommerce/db/migrations';
import {
  gatewayUpstreamVariables,
  type Isolation,
  repoRoot,
  type ServiceName,
  type ServiceProcess,
  serviceDatabases,
  startServiceProcess,
} from '@ecommerce/testkit';

export const admin = {
  email: 'admin@observability.test',
  password: 'observability-admin-password',
};

export interface ObservedSystem {
  /** Every app by its folder name: the six services and the gateway. */
  apps: Record<ServiceName | 'gateway', ServiceProcess>;
  stop(): Promise<void>;
}

/**
 * The whole system as processes, as production runs it, on this test's own database, Kafka
 * topics and consumer groups (KAFKA_TOPIC_PREFIX) and Redis prefix; the gateway in front with
 * static upstreams at the processes' ports.
 */
export async function startObservedSystem(infra: Isolation): Promise<ObservedSystem> {
  const names = Object.keys(serviceDatabases) as ServiceName[];
  await Promise.all(
    names.map((name) =>
      deployMigrations(
        { schemaPath: join(repoRoot, 'apps', name, 'prisma/schema.prisma') },
        { databaseUrl: infra.postgres.urlFor(name) },
      ),
    ),
  );
  const started: ServiceProcess[] = [];
  const start = async (name: string, env: Record<string, string>) => {
    const process = await startServiceProcess({ name, env });
    started.push(process);
    return process;
  };
  const common = (name: ServiceName) => ({
    DATABASE_URL: infra.postgres.urlFor(name),
    KAFKA_BROKERS: infra.kafka.brokers.join(','),
    KAFKA_TOPIC_PREFIX: infra.kafka.topic(''),
  });

  try {
    const user = await start('user-service', {
      ...common('user-service'),
      // Fast hashing: the cost is a production setting, not what this test is about.
      PASSWORD_HASH_COST: '14',
      SEED_ADMIN_EMAIL: admin.email,
      SEED_ADMIN_PASSWORD: admin.password,
    });
    const jwks = { JWKS_URL: `${user.url}/.well-known/jwks.json` };
    const product = await start('product-service', {
      ...common('product-service'),
      ...jwks,
      REDIS_URL: infra.redis.url,
      REDIS_KEY_PREFIX: `${infra.redis.keyPrefix}product:`,
    });
    const [inventory, order, payment, notification] = await Promise.all([
      start('inventory-service', { ...common('inventory-service'), ...jwks }),
      start('order-service', {
        ...common('order-service'),
        ...jwks,
        PRODUCT_SERVICE_URL: product.url,
      }),
      start('payment-service', {
        ...common('payment-service'),
        ...jwks,
        PAYMENT_PROVIDER_LATENCY_MS: '20',
      }),
      start('notification-service', { ...common('notification-service'), ...jwks }),
    ]);
    const services: Record<ServiceName, ServiceProcess> = {
      'user-service': user,
      'product-service': product,
      'inventory-service': inventory,
      'order-service': order,
      'payment-service': payment,
      'notification-service': notification,
    };
    const gateway = await start('gateway', {
      ...jwks,
      ...Object.fromEntries(
        names.map((name) => [gatewayUpstreamVariables[name], services[name].url]),
      ),
      REDIS_URL: infra.redis.url,
      RATE_LIMIT_KEY_PREFIX: `${infra.redis.keyPrefix}rate-limit:`,
    });
    return {
      apps: { ...services, gateway },
      async stop() {
        await Promise.all(started.map((process) => process.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((process) => process.kill()));
    throw error;
  }
}
