import {
  type AuthOptions,
  authentication,
  type CreateServiceOptions,
  createService,
  postgresCheck,
  type ServiceConfig,
} from '@ecommerce/service-kit';
import type { configSchema } from './config.ts';
import { createInventoryDatabase, type InventoryDatabase } from './db.ts';
import { inventoryRoutes } from './routes/inventory.ts';
import { reservationRoutes } from './routes/reservations.ts';

export type InventoryConfig = ServiceConfig<typeof configSchema>;

declare module 'fastify' {
  interface FastifyInstance {
    /** inventory-service's database, for the saga's consumer in main.ts. */
    db: InventoryDatabase;
  }
}

export interface AppDependencies {
  /** Verify tokens against these keys instead of fetching JWKS_URL (tests). */
  jwks?: AuthOptions['jwks'];
  /** A database client the caller owns and closes; otherwise one is made from the config. */
  db?: InventoryDatabase;
  /** Where log lines go instead of stdout (tests read the audit log this way). */
  logStream?: CreateServiceOptions<InventoryConfig>['logStream'];
}

export async function buildApp(config: InventoryConfig, dependencies: AppDependencies = {}) {
  const app = await createService({
    name: 'inventory-service',
    version: '0.1.0',
    description: 'Stock per product and per-order reservations.',
    config,
    ...(dependencies.logStream ? { logStream: dependencies.logStream } : {}),
  });
  const db =
    dependencies.db ??
    createInventoryDatabase({
      connectionString: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
    });
  app.decorate('db', db);
  if (!dependencies.db) app.addHook('onClose', () => db.$disconnect());
  app.addReadinessCheck(
    'postgres',
    postgresCheck(() => db.$queryRaw`SELECT 1`),
  );

  await app.register(
    authentication,
    dependencies.jwks ? { jwks: dependencies.jwks } : { jwksUrl: config.JWKS_URL },
  );
  await app.register(inventoryRoutes, { db });
  await app.register(reservationRoutes, { db });
  return app;
}
