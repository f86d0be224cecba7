import {
  type AuthOptions,
  authentication,
  createService,
  postgresCheck,
  type ServiceConfig,
} from '@ecommerce/service-kit';
import type { configSchema } from './config.ts';
import { createDatabase, type PrismaClient } from './db.ts';
import type { NotificationSender } from './notifications/send-order-notification.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { selectTransport } from './transports/select-transport.ts';
import type { NotificationTransport } from './transports/transport.ts';

export type NotificationServiceConfig = ServiceConfig<typeof configSchema>;

export interface AppDependencies {
  /** Keys to verify access tokens with, instead of fetching JWKS_URL (tests). */
  jwks?: AuthOptions['jwks'];
  /** Instead of the one the configuration selects. */
  transport?: NotificationTransport;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: PrismaClient;
    /** What the order event handlers pass to sendOrderNotification. */
    notificationSender: NotificationSender;
  }
}

export async function buildApp(config: NotificationServiceConfig, deps: AppDependencies = {}) {
  const app = await createService({
    name: 'notification-service',
    version: '0.1.0',
    description: 'Order notifications by email, and their delivery log.',
    config,
  });

  const db = createDatabase(config.DATABASE_URL);
  const transport = deps.transport ?? selectTransport(config, app.log);
  const notificationSender: NotificationSender = {
    transport,
    maxAttempts: config.NOTIFICATION_SEND_ATTEMPTS,
    baseDelayMs: config.NOTIFICATION_RETRY_BASE_DELAY_MS,
    maxDelayMs: config.NOTIFICATION_RETRY_MAX_DELAY_MS,
    logger: app.log,
  };
  app.decorate('db', db);
  app.decorate('notificationSender', notificationSender);
  app.addReadinessCheck(
    'postgres',
    postgresCheck(() => db.$queryRaw`SELECT 1`),
  );
  // Closers run after in-flight requests have finished.
  app.addHook('onClose', async () => {
    await transport.close();
    await db.$disconnect();
  });
  app.log.info({ transport: transport.name }, 'notification transport selected');

  await app.register(
    authentication,
    deps.jwks ? { jwks: deps.jwks } : { jwksUrl: config.JWKS_URL },
  );
  await app.register(notificationRoutes, { db });
  return app;
}
