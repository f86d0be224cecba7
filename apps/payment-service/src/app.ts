import {
  type AuthOptions,
  authentication,
  createService,
  postgresCheck,
  type ServiceConfig,
} from '@ecommerce/service-kit';
import { Counter } from 'prom-client';
import type { configSchema } from './config.ts';
import { createDatabase, type Database } from './db.ts';
import { parseCustomerTokens } from './domain/payment-token.ts';
import type { PaymentContext } from './payments/payment-context.ts';
import { createPaymentOperations } from './payments/payment-operations.ts';
import type { PaymentProvider } from './provider/payment-provider.ts';
import {
  createProviderPolicy,
  type ProviderPolicyOptions,
  providerPolicyBudgetMs,
} from './provider/provider-policy.ts';
import { createSimulatedPaymentProvider } from './provider/simulated-provider.ts';
import { paymentRoutes } from './routes/payments.ts';

export type PaymentServiceConfig = ServiceConfig<typeof configSchema>;

declare module 'fastify' {
  interface FastifyInstance {
    /** payment-service's database, for the saga's consumer in main.ts. */
    db: Database;
    /** What charging and refunding need besides a transaction. */
    paymentContext: PaymentContext;
    /**
     * How long a transaction that calls the provider may stay open: every attempt and back-off
     * of the provider policy, plus a margin.
     */
    providerTransactionTimeoutMs: number;
  }
}

export interface AppDependencies {
  /** Verification keys held in memory instead of fetching JWKS_URL (tests). */
  jwks?: AuthOptions['jwks'];
  /** The provider to charge; by default the simulated one, configured from the environment. */
  provider?: PaymentProvider;
}

export async function buildApp(config: PaymentServiceConfig, deps: AppDependencies = {}) {
  const app = await createService({
    name: 'payment-service',
    version: '1.0.0',
    description: 'Payments of orders against a payment provider, and their refunds.',
    config,
  });

  const db = createDatabase(config.DATABASE_URL);
  app.addHook('onClose', () => db.$disconnect());
  app.addReadinessCheck(
    'postgres',
    postgresCheck(() => db.$queryRaw`SELECT 1`),
  );

  const retries = new Counter({
    name: 'payment_provider_retries_total',
    help: 'Provider calls repeated after a transient error or timeout.',
    registers: [app.metrics],
  });
  const policyOptions: ProviderPolicyOptions = {
    timeoutMs: config.PAYMENT_PROVIDER_TIMEOUT_MS,
    maxAttempts: config.PAYMENT_PROVIDER_MAX_ATTEMPTS,
    baseDelayMs: config.PAYMENT_PROVIDER_RETRY_BASE_DELAY_MS,
    maxDelayMs: config.PAYMENT_PROVIDER_RETRY_MAX_DELAY_MS,
    onRetry: ({ attempt, error }) => {
      retries.inc();
      app.log.warn({ attempt, err: error }, 'payment provider call failed; retrying');
    },
  };
  const provider =
    deps.provider ??
    createSimulatedPaymentProvider({
      latencyMs: config.PAYMENT_PROVIDER_LATENCY_MS,
      failureRate: config.PAYMENT_PROVIDER_FAILURE_RATE,
    });
  const context: PaymentContext = {
    provider,
    providerPolicy: createProviderPolicy(policyOptions),
    tokens: {
      defaultToken: config.PAYMENT_DEFAULT_TOKEN,
      customerTokens: parseCustomerTokens(config.PAYMENT_CUSTOMER_TOKENS),
    },
  };
  const budgetMs = providerPolicyBudgetMs(policyOptions);
  const operations = createPaymentOperations(db, context, budgetMs);
  app.decorate('db', db);
  app.decorate('paymentContext', context);
  app.decorate('providerTransactionTimeoutMs', budgetMs + 5_000);

  await app.register(
    authentication,
    deps.jwks ? { jwks: deps.jwks } : { jwksUrl: config.JWKS_URL },
  );
  await app.register(paymentRoutes, { db, operations });
  return app;
}
