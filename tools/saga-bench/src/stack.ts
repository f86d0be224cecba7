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

export type StackProcessName = ServiceName | 'gateway';

export interface RunningStack {
  gatewayUrl: string;
  processes: Record<StackProcessName, ServiceProcess>;
  /** SIGTERM to all, gateway first; the exit code or signal of each. */
  stop(): Promise<Record<string, number | NodeJS.Signals | null>>;
}

export interface StackOptions {
  paymentLatencyMs: number;
  /** Passed to every Node process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/saga-profile`. */
  nodeOptions?: string;
}

/**
 * Every service and the gateway as processes, configured as in production (NODE_ENV=production,
 * warnings only, no tracing export), on this run's own database, Kafka topics and consumer
 * groups and Redis prefix. The gateway verifies every token against user-service's key set as
 * always; only its per-user rate limit is raised, or the benchmark's few customers would be
 * refused after 1200 requests a minute.
 */
export async function startStack(infra: Isolation, options: StackOptions): Promise<RunningStack> {
  const names = Object.keys(serviceDatabases) as ServiceName[];
  await Promise.all(
    names.map((name) =>
      deployMigrations(
        { schemaPath: join(repoRoot, 'apps', name, 'prisma/schema.prisma') },
        { databaseUrl: infra.postgres.urlFor(name) },
      ),
    ),
  );
  const common: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    OTEL_SDK_DISABLED: 'true',
    KAFKA_BROKERS: infra.kafka.brokers.join(','),
    KAFKA_TOPIC_PREFIX: infra.kafka.topic(''),
    ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
  };
  const started: Partial<Record<StackProcessName, ServiceProcess>> = {};
  const start = async (name: StackProcessName, env: Record<string, string>) => {
    const database: Record<string, string> =
      name === 'gateway' ? {} : { DATABASE_URL: infra.postgres.urlFor(name as ServiceName) };
    const process = await startServiceProcess({
      name,
      env: { ...common, ...database, ...env },
      readyTimeoutMs: 120_000,
    });
    started[name] = process;
    return process;
  };
  const stopAll = async () => {
    const order: StackProcessName[] = ['gateway', ...names.toReversed()];
    const exits: Record<string, number | NodeJS.Signals | null> = {};
    for (const name of order) {
      const process = started[name];
      if (process) exits[name] = await process.stop();
    }
    return exits;
  };

  try {
    const user = await start('user-service', {});
    const jwks = { JWKS_URL: `${user.url}/.well-known/jwks.json` };
    const product = await start('product-service', {
      ...jwks,
      REDIS_URL: infra.redis.url,
      REDIS_KEY_PREFIX: `${infra.redis.keyPrefix}product:`,
    });
    const [inventory, order, payment, notification] = await Promise.all([
      start('inventory-service', jwks),
      start('order-service', { ...jwks, PRODUCT_SERVICE_URL: product.url }),
      start('payment-service', {
        ...jwks,
        PAYMENT_PROVIDER_LATENCY_MS: String(options.paymentLatencyMs),
      }),
      start('notification-service', jwks),
    ]);
    const gateway = await start('gateway', {
      ...jwks,
      REDIS_URL: infra.redis.url,
      RATE_LIMIT_KEY_PREFIX: `${infra.redis.keyPrefix}rate-limit:`,
      // Counted in Redis on every request as in production, but never reached.
      RATE_LIMIT_USER_MAX: '100000000',
      // The setup signs in every customer from one address.
      RATE_LIMIT_LOGIN_MAX: '10000',
      UPSTREAM_USER_SERVICE: user.url,
      UPSTREAM_PRODUCT_SERVICE: product.url,
      UPSTREAM_INVENTORY_SERVICE: inventory.url,
      UPSTREAM_ORDER_SERVICE: order.url,
      UPSTREAM_PAYMENT_SERVICE: payment.url,
      UPSTREAM_NOTIFICATION_SERVICE: notification.url,
    });
    return {
      gatewayUrl: gateway.url,
      processes: started as Record<StackProcessName, ServiceProcess>,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
