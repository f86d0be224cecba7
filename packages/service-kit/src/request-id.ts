import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

export const requestIdHeader = 'x-request-id';

// Long enough for UUIDs, ULIDs and trace-style ids; short and plain enough that a caller
// cannot stuff logs or headers with arbitrary text.
const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id` when it looks like an id, otherwise a new UUID. */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers[requestIdHeader];
  return typeof given === 'string' && acceptable.test(given) ? given : randomUUID();
}

/** Echoes the request id on every response, errors and 404s included. */
export const requestIdPlugin: FastifyPluginAsync = fp(
  async (app) => {
    app.addHook('onRequest', async function echoRequestId(request, reply) {
      reply.header(requestIdHeader, request.id);
    });
  },
  { name: 'service-kit-request-id' },
);
