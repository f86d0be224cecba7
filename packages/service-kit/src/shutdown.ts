import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { problemDocument, sendProblem } from './errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** True from the moment `close()` starts: requests still in flight finish, new ones get 503. */
    readonly shuttingDown: boolean;
  }
}

/**
 * Draining. Fastify's `close()` stops accepting connections, waits for in-flight requests and
 * then runs the `onClose` hooks (consumers, relays, pools: register them with
 * `app.addHook('onClose', ...)`). Requests that still arrive on open keep-alive connections
 * meanwhile get a 503 problem with `Connection: close`, so clients and load balancers move
 * on; that includes `/health/ready`.
 */
export const shutdownPlugin: FastifyPluginAsync = fp(
  async (app) => {
    let shuttingDown = false;
    app.decorate('shuttingDown', { getter: () => shuttingDown });

    app.addHook('preClose', async () => {
      shuttingDown = true;
    });

    // A response finished during the drain closes its connection, so keep-alive clients
    // reconnect elsewhere and the server's close is not held up by idle sockets.
    app.addHook('onSend', async function closeConnectionWhileDraining(_request, reply, payload) {
      if (shuttingDown) reply.header('connection', 'close');
      return payload;
    });

    app.addHook('onRequest', async function refuseWhileDraining(request, reply) {
      if (!shuttingDown) return;
      reply.header('connection', 'close');
      return sendProblem(
        reply,
        problemDocument(request, 503, { detail: 'The service is shutting down' }),
      );
    });
  },
  { name: 'service-kit-shutdown', dependencies: ['service-kit-errors'] },
);
