import type { Policy } from '@ecommerce/resilience';
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

export interface AppDependencies {
  /** Verification keys held in memory instead of fetching JWKS_URL (tests). */
  jwks?: AuthOptions['jwks'];
  /** The provider to charge; by default the simulated one, configured from the environment. */
  provider?: PaymentProvider;
  /** Random source of the simulated provider's failures and of retry back-off. */
  random?: () => number;
  /** Replaces the retry/timeout policy built from the configuration. */
  providerPolicy?: Policy;
  db?: Database;
}

export async function buildApp(config: PaymentServiceConfig, deps: AppDependencies = {}) {
  const app = await createService({
    name: 'payment-service',
    version: '1.0.0',
    description: 'Payments of orders against a payment provider, and their refunds.',
    config,
  });

  const db = deps.db ?? createDatabase(config.DATABASE_URL);
  if (!deps.db) app.addHook('onClose', () => db.$disconnect());
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
    ...(deps.random ? { random: deps.random } : {}),
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
      ...(deps.random ? { random: deps.random } : {}),
    });
  const context = {
    provider,
    providerPolicy: deps.providerPolicy ?? createProviderPolicy(policyOptions),
    tokens: {
      defaultToken: config.PAYMENT_DEFAULT_TOKEN,
      customerTokens: parseCustomerTokens(config.PAYMENT_CUSTOMER_TOKENS),
    },
  };
  const operations = createPaymentOperations(db, context, providerPolicyBudgetMs(policyOptions));

  await app.register(
    authentication,
    deps.jwks ? { jwks: deps.jwks } : { jwksUrl: config.JWKS_URL },
  );
  await app.register(paymentRoutes, { db, operations });
  return app;
}
