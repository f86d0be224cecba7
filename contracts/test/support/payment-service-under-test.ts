import { join } from 'node:path';
import { deployMigrations } from '@ecommerce/db/migrations';
import {
  type Isolation,
  repoRoot,
  type ServiceProcess,
  type StartServiceProcessOptions,
  startServiceProcess,
} from '@ecommerce/testkit';
import { requiredConfiguration } from '../../src/payment-service/contract.ts';
import type { ContractTarget } from '../../src/settings.ts';

export const admin = { email: 'admin@contract.test', password: 'contract-admin-password' };

export interface RunningTarget {
  target: ContractTarget;
  stop(): Promise<void>;
}

/**
 * What a CI run of the contract provides around one implementation: a private database with
 * payment-service's tables (apps/payment-service/prisma, the same for every implementation), private Kafka topics, and a user-service minting the tokens
 * whose JWKS the implementation trusts. `implementation` starts the service under test.
 */
export async function startPaymentServiceUnderTest(
  infra: Isolation,
  implementation: {
    process: Omit<StartServiceProcessOptions, 'env'>;
  },
): Promise<RunningTarget> {
  await Promise.all(
    (['user-service', 'payment-service'] as const).map((service) =>
      deployMigrations(
        { schemaPath: join(repoRoot, 'apps', service, 'prisma/schema.prisma') },
        { databaseUrl: infra.postgres.urlFor(service) },
      ),
    ),
  );
  const kafka = {
    KAFKA_BROKERS: infra.kafka.brokers.join(','),
    KAFKA_TOPIC_PREFIX: infra.kafka.topic(''),
  };
  const user = await startServiceProcess({
    name: 'user-service',
    env: {
      DATABASE_URL: infra.postgres.urlFor('user-service'),
      PASSWORD_HASH_COST: '14',
      SEED_ADMIN_EMAIL: admin.email,
      SEED_ADMIN_PASSWORD: admin.password,
    },
  });
  let payment: ServiceProcess;
  try {
    payment = await startServiceProcess({
      ...implementation.process,
      env: {
        DATABASE_URL: infra.postgres.urlFor('payment-service'),
        JWKS_URL: `${user.url}/.well-known/jwks.json`,
        ...kafka,
        ...requiredConfiguration,
        PAYMENT_PROVIDER_LATENCY_MS: '5',
        // Traces are part of the contract: the SDK runs (exporting nowhere).
        OTEL_SDK_DISABLED: 'false',
        ...(process.env.CONTRACT_DEBUG ? { LOG_LEVEL: 'debug' } : {}),
      },
    });
  } catch (error) {
    await user.stop();
    throw error;
  }
  return {
    target: {
      baseUrl: payment.url,
      kafkaBrokers: infra.kafka.brokers,
      topicPrefix: kafka.KAFKA_TOPIC_PREFIX,
      userServiceUrl: user.url,
      admin,
    },
    async stop() {
      if (process.env.CONTRACT_DEBUG) {
        const db = infra.postgres.pool('payment-service');
        for (const table of ['payments', 'outbox_events', 'inbox_events']) {
          console.log(table, (await db.query(`SELECT * FROM ${table}`)).rows);
        }
        payment.child.kill('SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, 5000));
        payment.child.kill('SIGQUIT');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        console.log(payment.output());
      }
      const exits = await Promise.all([payment.stop(), user.stop()]);
      if (exits[0] !== 0)
        throw new Error(`${payment.name} exited with ${exits[0]}:\n${payment.output()}`);
    },
  };
}
