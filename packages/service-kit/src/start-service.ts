import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';

export interface StartServiceOptions {
  /** Default `app.config.PORT`; 0 picks a free port. */
  port?: number;
  /** Default `app.config.HOST`. */
  host?: string;
  /** How long closing may take before the process exits anyway. Default `SHUTDOWN_TIMEOUT_MS`. */
  shutdownTimeoutMs?: number;
}

/**
 * For main.ts: listens, and on SIGTERM or SIGINT (or an uncaught error) closes the app (stop
 * accepting, drain, run onClose hooks) and exits; with exit code 1 when closing takes longer
 * than the shutdown timeout, or when the port cannot be bound.
 */
export async function startService(
  app: FastifyInstance,
  options: StartServiceOptions = {},
): Promise<void> {
  const delay = options.shutdownTimeoutMs ?? app.config.SHUTDOWN_TIMEOUT_MS;
  const graceful = closeWithGrace(
    { delay, logger: { error: (message: string) => app.log.error(message) } },
    async ({ signal, err }) => {
      if (err) app.log.error({ err }, 'closing after an uncaught error');
      else app.log.info({ signal, timeoutMs: delay }, 'closing');
      await app.close();
      app.log.info('closed');
    },
  );
  try {
    await app.listen({
      port: options.port ?? app.config.PORT,
      host: options.host ?? app.config.HOST,
    });
  } catch (error) {
    app.log.fatal({ err: error }, 'could not start listening');
    graceful.uninstall();
    await app.close();
    process.exit(1);
  }
}
