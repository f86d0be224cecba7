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
import { afterEach } from 'vitest';
import { sagaDeadlineMs } from './outcomes.ts';

export const admin = { email: 'admin@faults.test', password: 'faults-test-admin-password' };

export interface FaultSystem {
  services: Record<ServiceName, ServiceProcess>;
  gateway: ServiceProcess;
  /** SIGKILL: the process dies mid-work, nothing is drained or committed on its way out. */
  kill(name: ServiceName): Promise<void>;
  /** SIGTERM: a graceful stop. */
  stopService(name: ServiceName): Promise<number | NodeJS.Signals | null>;
  /**
   * Starts a stopped or killed service again on its port (the gateway and order-service keep
   * pointing at it) with its environment plus `extra`.
   */
  startService(name: ServiceName, extra?: Record<string, string>): Promise<ServiceProcess>;
  /** How often each service was started after the first time. */
  restarts: Record<string, number>;
  stop(timeoutMs?: number): Promise<Record<string, number | NodeJS.Signals | null>>;
  /** The last lines a process printed (its logs), to explain a failed stop. */
  outputOf(name: ServiceName | 'gateway'): string;
}

export interface FaultSystemOptions {
  /** Kafka bootstrap servers; this test's isolation's by default. */
  kafkaBrokers?: string[];
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

/**
 * Every service and the gateway as processes, as in production, on this test's private
 * database, Kafka topics and consumer groups (KAFKA_TOPIC_PREFIX) and Redis prefix. The gateway
 * has static upstreams: the services' fixed ports.
 */
export async function startFaultSystem(
  infra: Isolation,
  options: FaultSystemOptions = {},
): Promise<FaultSystem> {
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
    KAFKA_BROKERS: (options.kafkaBrokers ?? infra.kafka.brokers).join(','),
    KAFKA_TOPIC_PREFIX: infra.kafka.topic(''),
  };
  const environments = {} as Record<ServiceName, Record<string, string>>;
  const services = {} as Record<ServiceName, ServiceProcess>;
  const start = async (name: ServiceName, base: Record<string, string>) => {
    environments[name] = {
      DATABASE_URL: infra.postgres.urlFor(name),
      ...kafka,
      ...base,
      ...options.env?.[name],
    };
    services[name] = await startServiceProcess({ name, env: environments[name] });
    return services[name];
  };

  const user = await start('user-service', {
    // Fast hashing: the cost is a production setting, not what this test is about.
    PASSWORD_HASH_COST: '14',
    SEED_ADMIN_EMAIL: admin.email,
    SEED_ADMIN_PASSWORD: admin.password,
  });
  const jwks = { JWKS_URL: `${user.url}/.well-known/jwks.json` };
  const product = await start('product-service', {
    ...jwks,
    REDIS_URL: infra.redis.url,
    REDIS_KEY_PREFIX: `${infra.redis.keyPrefix}product:`,
  });
  await Promise.all([
    start('inventory-service', jwks),
    start('order-service', {
      ...jwks,
      PRODUCT_SERVICE_URL: product.url,
      SAGA_DEADLINE_MS: String(sagaDeadlineMs),
    }),
    start('payment-service', { ...jwks, PAYMENT_PROVIDER_LATENCY_MS: '20' }),
    start('notification-service', jwks),
  ]);
  const gateway = await startServiceProcess({
    name: 'gateway',
    env: {
      ...jwks,
      ...Object.fromEntries(
        names.map((name) => [gatewayUpstreamVariables[name], services[name].url]),
      ),
      REDIS_URL: infra.redis.url,
      RATE_LIMIT_KEY_PREFIX: `${infra.redis.keyPrefix}rate-limit:`,
      // Load from one address and a handful of customers is the point here, not rate limits.
      RATE_LIMIT_USER_MAX: '100000',
      RATE_LIMIT_ANONYMOUS_MAX: '100000',
      RATE_LIMIT_LOGIN_MAX: '1000',
    },
  });
  const stopped = new Set<ServiceName>();
  const restarts: Record<string, number> = {};

  return {
    services,
    gateway,
    restarts,
    async kill(name) {
      await services[name].kill();
      stopped.add(name);
    },
    async stopService(name) {
      const exit = await services[name].stop();
      stopped.add(name);
      return exit;
    },
    async startService(name, extra = {}) {
      environments[name] = { ...environments[name], ...extra };
      services[name] = await startServiceProcess({
        name,
        env: environments[name],
        port: services[name].port,
      });
      stopped.delete(name);
      restarts[name] = (restarts[name] ?? 0) + 1;
      return services[name];
    },
    async stop(timeoutMs) {
      const exits: Record<string, number | NodeJS.Signals | null> = {
        gateway: await gateway.stop(timeoutMs),
      };
      await Promise.all(
        names
          .filter((name) => !stopped.has(name))
          .map(async (name) => {
            exits[name] = await services[name].stop(timeoutMs);
          }),
      );
      return exits;
    },
    outputOf(name) {
      return (name === 'gateway' ? gateway : services[name]).output().slice(-3000);
    },
  };
}

/** The Kafka client's connection noise while a broker is away: hundreds of lines, no news. */
const noise = /ECONNREFUSED|seed broker|Connection error|EPIPE/;

/**
 * The last warnings and errors each process logged, without the Kafka client's connection
 * noise: what a failed fault test needs to be understood from CI's output alone.
 */
export function serviceProblems(system: FaultSystem, perProcess = 15): string {
  const processes = { ...system.services, gateway: system.gateway };
  return Object.entries(processes)
    .map(([name, process]) => {
      const lines = process
        .output()
        .split('\n')
        .filter((line) => /"level":(40|50|60)/.test(line) && !noise.test(line))
        .slice(-perProcess)
        .map((line) => `  ${line.slice(0, 400)}`);
      return `${name} (pid ${process.child.pid}):\n${lines.join('\n') || '  (nothing)'}`;
    })
    .join('\n');
}

/** Prints {@link serviceProblems} after each failed test of the file. */
export function printServiceProblemsOnFailure(system: () => FaultSystem | undefined): void {
  afterEach((context) => {
    const current = system();
    if (context.task.result?.state === 'fail' && current) {
      console.log(`warnings and errors the processes logged:\n${serviceProblems(current)}`);
    }
  });
}
