import { hostname } from 'node:os';
import { connectRegistry, type Registration, registerInstance } from '@ecommerce/registry';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';

export interface StartServiceOptions {
  /** Default `app.config.PORT`; 0 picks a free port. */
  port?: number;
  /** Default `app.config.HOST`. */
  host?: string;
  /** How long closing may take before the process exits anyway. Default `SHUTDOWN_TIMEOUT_MS`. */
  shutdownTimeoutMs?: number;
  /**
   * Where the registry settings are read: `REGISTRY_REDIS_URL` (registration is on when set),
   * `REGISTRY_KEY_PREFIX` and `ADVERTISED_URL`. Default `process.env`.
   */
  env?: Record<string, string | undefined>;
}

/**
 * For main.ts: listens, and on SIGTERM or SIGINT (or an uncaught error) closes the app (stop
 * accepting, drain, run onClose hooks) and exits; with exit code 1 when closing takes longer
 * than the shutdown timeout, or when the port cannot be bound.
 *
 * With `REGISTRY_REDIS_URL` set, the instance also registers itself in the service registry
 * once it listens (the gateway discovers it there), and deregisters first thing on closing,
 * so traffic moves elsewhere before the drain starts.
 */
export async function startService(
  app: FastifyInstance,
  options: StartServiceOptions = {},
): Promise<void> {
  const delay = options.shutdownTimeoutMs ?? app.config.SHUTDOWN_TIMEOUT_MS;
  let registration: Registration | undefined;
  const graceful = closeWithGrace(
    { delay, logger: { error: (message: string) => app.log.error(message) } },
    async ({ signal, err }) => {
      if (err) app.log.error({ err }, 'closing after an uncaught error');
      else app.log.info({ signal, timeoutMs: delay }, 'closing');
      await deregister(app, registration);
      await app.close();
      app.log.info('closed');
    },
  );
  const host = options.host ?? app.config.HOST;
  try {
    await app.listen({ port: options.port ?? app.config.PORT, host });
  } catch (error) {
    app.log.fatal({ err: error }, 'could not start listening');
    graceful.uninstall();
    await app.close();
    process.exit(1);
  }
  registration = await register(app, host, options.env ?? process.env);
}

async function register(
  app: FastifyInstance,
  host: string,
  env: Record<string, string | undefined>,
): Promise<Registration | undefined> {
  const registryUrl = env.REGISTRY_REDIS_URL;
  if (!registryUrl) return undefined;
  // createService names the logger after the service; SERVICE_NAME overrides both.
  const logger = app.log as { bindings?: () => Record<string, unknown> };
  const service = app.config.SERVICE_NAME ?? String(logger.bindings?.().name ?? 'service');
  const url = env.ADVERTISED_URL || advertisedUrl(app, host);
  const redis = connectRegistry(registryUrl, { keyPrefix: env.REGISTRY_KEY_PREFIX ?? '' });
  redis.on('error', () => {
    // Failed beats are logged below; ioredis reconnects by itself.
  });
  const registration = await registerInstance({
    redis,
    service,
    url,
    onHeartbeatError: (error) => app.log.warn({ err: error }, 'registry heartbeat failed'),
  });
  app.log.info({ service, url, instanceId: registration.record.instanceId }, 'registered');
  return {
    record: registration.record,
    async deregister() {
      try {
        await registration.deregister();
      } finally {
        redis.disconnect();
      }
    },
  };
}

async function deregister(app: FastifyInstance, registration: Registration | undefined) {
  if (!registration) return;
  try {
    await registration.deregister();
    app.log.info('deregistered');
  } catch (error) {
    // The record expires with its TTL anyway.
    app.log.warn({ err: error }, 'could not deregister');
  }
}

/** This instance's address as others reach it: a wildcard listen address is no address. */
function advertisedUrl(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : app.config.PORT;
  const reachable = host === '0.0.0.0' || host === '::' ? hostname() : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
