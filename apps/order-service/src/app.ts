import {
  type AuthOptions,
  authentication,
  circuitBreakerMetrics,
  createService,
  postgresCheck,
} from '@ecommerce/service-kit';
import {
  createProductCatalog,
  type ProductCatalog,
  productCatalogCircuit,
} from './clients/product-catalog.ts';
import type { OrderServiceConfig } from './config.ts';
import { createDatabase, type Database } from './db.ts';
import { orderHistoryRoutes } from './routes/order-history.ts';
import { orderLiveRoutes } from './routes/order-live.ts';
import { orderRoutes } from './routes/orders.ts';
import { sagaStatsRoutes } from './routes/saga-stats.ts';
import { createSagaMetrics, type SagaMetrics } from './saga/saga-metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** order-service's database, for the saga's consumers and deadline sweeper in main.ts. */
    db: Database;
    sagaMetrics: SagaMetrics;
  }
}

export interface AppDependencies {
  /** A key set in memory instead of fetching user-service's JWKS (tests). */
  jwks?: AuthOptions['jwks'];
  db?: Database;
  catalog?: ProductCatalog;
}

/** The order-service app, ready for `inject()` or `startService()`; it never listens itself. */
export async function buildApp(config: OrderServiceConfig, deps: AppDependencies = {}) {
  const app = await createService({
    name: 'order-service',
    version: '1.0.0',
    description: 'Orders and their saga state.',
    config,
  });
  const db =
    deps.db ?? createDatabase({ url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX });
  const catalog = deps.catalog ?? catalogWithMetrics(app, config);
  const sagaMetrics = createSagaMetrics(app.metrics);
  app.decorate('db', db);
  app.decorate('sagaMetrics', sagaMetrics);
  app.addReadinessCheck(
    'postgres',
    postgresCheck(() => db.$queryRaw`SELECT 1`),
  );
  app.addHook('onClose', async () => {
    await Promise.all([
      deps.catalog ? undefined : catalog.close(),
      deps.db ? undefined : db.$disconnect(),
    ]);
  });

  await app.register(
    authentication,
    deps.jwks ? { jwks: deps.jwks } : { jwksUrl: config.JWKS_URL },
  );
  await app.register(orderRoutes, { db, catalog, sagaMetrics });
  await app.register(orderHistoryRoutes, { db });
  await app.register(orderLiveRoutes, { db });
  await app.register(sagaStatsRoutes, { db });
  return app;
}

/** The product catalog client, its circuit's state logged and in `circuit_breaker_state`. */
function catalogWithMetrics(
  app: Awaited<ReturnType<typeof createService>>,
  config: OrderServiceConfig,
): ProductCatalog {
  const breakerMetrics = circuitBreakerMetrics(app.metrics);
  const catalog = createProductCatalog({
    baseUrl: config.PRODUCT_SERVICE_URL,
    timeoutMs: config.PRODUCT_SERVICE_TIMEOUT_MS,
    hooks: {
      onBreakerStateChange: (change) => {
        breakerMetrics.onBreakerStateChange(change);
        app.log.warn(change, 'circuit changed');
      },
    },
  });
  breakerMetrics.track(productCatalogCircuit);
  return catalog;
}
