import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { JSONWebKeySet } from 'jose';
import { Type } from 'typebox';

export interface JwksRoutesOptions {
  /** The current key set: read per request so retiring a key takes effect without a restart. */
  keySet: () => Promise<JSONWebKeySet>;
}

/** The public keys that verify access tokens (RFC 7517), for every other service and the gateway. */
export const jwksRoutes: FastifyPluginAsyncTypebox<JwksRoutesOptions> = async (app, options) => {
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        summary: 'Public keys that verify access tokens',
        tags: ['auth'],
        response: {
          200: Type.Object({
            keys: Type.Array(
              Type.Object({}, { additionalProperties: true, description: 'A public JWK with kid' }),
            ),
          }),
        },
      },
    },
    async (_request, reply) => {
      // Verifiers cache the set; they refetch on an unknown kid anyway.
      return reply.header('cache-control', 'public, max-age=300').send(await options.keySet());
    },
  );
};
