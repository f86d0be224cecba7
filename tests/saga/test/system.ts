import { join } from 'node:path';
import { deployMigrations } from '@ecommerce/db/migrations';
import {
  gatewayUpstreamVariables,
  type Isolation,
  repoRoot,
  type ServiceName,
  type ServiceProcess,
  type StartServiceProcessOptions,
  serviceDatabases,
  startServiceProcess,
} from '@ecommerce/testkit';

/**
 * PAYMENT_SERVICE_IMPL=go runs apps/payment-service-go (built beforehand into its bin/) in
 * place of the TypeScript payment-service: same port, tables (apps/payment-service's
 * migrations), topics and settings.
 */
const goPaymentService = process.env.PAYMENT_SERVICE_IMPL === 'go';

function processOf(name: ServiceName): Omit<StartServiceProcessOptions, 'env'> {
  if (name !== 'payment-service' || !goPaymentService) return { name };
  const directory = join(repoRoot, 'apps/payment-service-go');
  return { name, directory, command: join(directory, 'bin/payment-service') };
}

// Several services start at once; on a busy two-core machine one may need minutes to load.
const readyTimeoutMs = 180_000;

export const admin = { email: 'admin@saga.test', password: 'saga-test-admin-password' };

export interface RunningSystem {
  services: Record<ServiceName, ServiceProcess>;
  /** The gateway in front of them; the tests talk only to it. */
  gateway: ServiceProcess;
  /** Stops one service (SIGTERM, graceful) and starts it again with extra environment. */
  restart(name: ServiceName, env?: Record<string, string>): Promise<ServiceProcess>;
  stopService(name: ServiceName): Promise<void>;
  startService(name: ServiceName, env?: Record<string, string>): Promise<ServiceProcess>;
  stop(): Promise<Record<string, number | NodeJS.Signals | null>>;
}

/**
 * Every service as a process, as in production, on this test's private database, Kafka topics
 * and consumer groups (KAFKA_TOPIC_PREFIX) and Redis prefix: migrations applied first,
 * user-service first (the others read its JWKS).
 */
export async function startSystem(
  infra: Isolation,
  /** Extra environment per process; `all` goes to every service and the gateway. */
  env: Partial<Record<ServiceName | 'gateway' | 'all', Record<string, string>>> = {},
): Promise<RunningSystem> {
  const names = Object.keys(serviceDatabases) as ServiceName[];
  await Promise.all(
    names.map((name) =>
      deployMigrations(
        { schemaPath: join(repoRoot, 'apps', name, 'prisma/schema.prisma') },
        { databaseUrl: infra.postgres.urlFor(name) },
      ),
    ),
  );
  const kafka = {
    KAFKA_BROKERS: infra.kafka.brokers.join(','),
    KAFKA_TOPIC_PREFIX: infra.kafka.topic(''),
  };
  const environments = {} as Record<ServiceName, Record<string, string>>;
  // A process that does not get ready must not leave the ones started before it running.
  const running: ServiceProcess[] = [];
  const stopRunning = async (error: unknown): Promise<never> => {
    await Promise.allSettled(running.map((service) => service.stop()));
    throw error;
  };
  const start = async (name: ServiceName, base: Record<string, string>) => {
    environments[name] = {
      DATABASE_URL: infra.postgres.urlFor(name),
      ...kafka,
      ...base,
      ...env.all,
      ...env[name],
    };
    const started = await startServiceProcess({
      ...processOf(name),
      env: environments[name],
      readyTimeoutMs,
    });
    running.push(started);
    return started;
  };

  const user = await start('user-service', {
    // Fast hashing: the cost is a production setting, not what this test is about.
    PASSWORD_HASH_COST: '14',
    SEED_ADMIN_EMAIL: admin.email,
    SEED_ADMIN_PASSWORD: admin.password,
  }).catch(stopRunning);
  const jwks = { JWKS_URL: `${user.url}/.well-known/jwks.json` };
  const product = await start('product-service', {
    ...jwks,
    REDIS_URL: infra.redis.url,
    REDIS_KEY_PREFIX: `${infra.redis.keyPrefix}product:`,
  }).catch(stopRunning);
  // All four settle before a failure stops the others, so that none is left starting.
  const settled = await Promise.allSettled([
    start('inventory-service', jwks),
    start('order-service', { ...jwks, PRODUCT_SERVICE_URL: product.url }),
    start('payment-service', { ...jwks, PAYMENT_PROVIDER_LATENCY_MS: '20' }),
    start('notification-service', jwks),
  ]);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) await stopRunning(failed.reason);
  const [inventory, order, payment, notification] = settled.map(
    (result) => (result as PromiseFulfilledResult<ServiceProcess>).value,
  ) as [ServiceProcess, ServiceProcess, ServiceProcess, ServiceProcess];
  const services: Record<ServiceName, ServiceProcess> = {
    'user-service': user,
    'product-service': product,
    'inventory-service': inventory,
    'order-service': order,
    'payment-service': payment,
    'notification-service': notification,
  };
  // The only entry point, as for a real client: static upstreams at the processes' ports.
  const gateway = await startServiceProcess({
    name: 'gateway',
    env: {
      ...jwks,
      ...Object.fromEntries(
        names.map((name) => [gatewayUpstreamVariables[name], services[name].url]),
      ),
      REDIS_URL: infra.redis.url,
      RATE_LIMIT_KEY_PREFIX: `${infra.redis.keyPrefix}rate-limit:`,
      // Every login here comes from one address; the limits are tested in tests/gateway.
      RATE_LIMIT_LOGIN_MAX: '1000',
      RATE_LIMIT_ANONYMOUS_MAX: '100000',
      RATE_LIMIT_USER_MAX: '100000',
      // Restarted services come back into rotation quickly.
      HEALTH_CHECK_INTERVAL_MS: '500',
      ...env.all,
      ...env.gateway,
    },
    readyTimeoutMs,
  }).catch(stopRunning);
  const stopped = new Set<ServiceName>();

  const system: RunningSystem = {
    services,
    gateway,
    async stopService(name) {
      await services[name].stop();
      stopped.add(name);
    },
    async startService(name, extra = {}) {
      // Same port, so the gateway's upstream still points at it.
      const started = await startServiceProcess({
        ...processOf(name),
        port: services[name].port,
        env: { ...environments[name], ...extra },
      });
      environments[name] = { ...environments[name], ...extra };
      services[name] = started;
      stopped.delete(name);
      return started;
    },
    async restart(name, extra = {}) {
      await system.stopService(name);
      return system.startService(name, extra);
    },
    async stop() {
      const exits: [string, number | NodeJS.Signals | null][] = [['gateway', await gateway.stop()]];
      exits.push(
        ...(await Promise.all(
          names
            .filter((name) => !stopped.has(name))
            .map(
              async (name): Promise<[string, number | NodeJS.Signals | null]> => [
                name,
                await services[name].stop(),
              ],
            ),
        )),
      );
      return Object.fromEntries(exits);
    },
  };
  return system;
}
