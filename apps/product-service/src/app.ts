import {
  type AuthOptions,
  authentication,
  createService,
  postgresCheck,
  redisCheck,
  type ServiceConfig,
} from '@ecommerce/service-kit';
import { createCatalog } from './catalog.ts';
import type { configSchema } from './config.ts';
import { createDatabase } from './db.ts';
import { createProductCache } from './product-cache.ts';
import { createProductRepository } from './product-repository.ts';
import { closeRedis, createCacheRedis } from './redis.ts';
import { productRoutes } from './routes/products.ts';

export type ProductServiceConfig = ServiceConfig<typeof configSchema>;

export interface AppDependencies {
  /** Verify tokens against these keys instead of fetching JWKS_URL (tests). */
  jwks?: AuthOptions['jwks'];
}

/** The product service, ready for `startService` or `inject`; it never listens by itself. */
export async function buildApp(config: ProductServiceConfig, dependencies: AppDependencies = {}) {
  const app = await createService({
    name: 'product-service',
    version: '0.1.0',
    description: 'The product catalog: admin writes, public reads with search, cached in Redis.',
    config,
  });

  const db = createDatabase({
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    onPoolError: (error) => app.log.warn({ err: error }, 'idle Postgres connection failed'),
  });
  const redis = createCacheRedis(
    {
      url: config.REDIS_URL,
      keyPrefix: config.REDIS_KEY_PREFIX,
      commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    },
    app.log,
  );
  app.addReadinessCheck(
    'postgres',
    postgresCheck(() => db.$queryRaw`SELECT 1`),
  );
  // The service answers without Redis, but slower: readiness says so, so it can be seen.
  app.addReadinessCheck('redis', redisCheck(redis));
  app.addHook('onClose', async () => {
    await Promise.all([db.$disconnect(), closeRedis(redis)]);
  });

  await app.register(
    authentication,
    dependencies.jwks ? { jwks: dependencies.jwks } : { jwksUrl: config.JWKS_URL },
  );

  const cache = createProductCache({
    redis,
    ttlSeconds: config.CACHE_TTL_SECONDS,
    metrics: app.metrics,
    log: app.log,
  });
  const catalog = createCatalog(createProductRepository(db), cache);
  await app.register(productRoutes, { catalog });
  return app;
}
