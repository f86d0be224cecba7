import { badRequest } from '@ecommerce/service-kit';
import type { RateLimitOptions } from '@fastify/rate-limit';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasDotSegment,
  jwksPaths,
  type ProxyRoute,
  proxyRoutes,
  type UpstreamService,
  upstreamJwksPath,
  upstreamPath,
} from '../routing/route-table.ts';
import type { UpstreamPool } from '../upstreams/upstream-pool.ts';
import type { Forward } from './forward-request.ts';

export interface ProxyRoutesOptions {
  pools: ReadonlyMap<UpstreamService, UpstreamPool>;
  forward: Forward;
  /** Connections kept per upstream instance. */
  connections: number;
  /** The stricter budget of login attempts (per client address). */
  loginRateLimit: RateLimitOptions;
}

/**
 * The public routes. Bodies are read as bytes, not parsed: the gateway does not look inside,
 * and bytes can be sent again when a request is retried on another instance.
 */
export async function proxyRoutesPlugin(app: FastifyInstance, options: ProxyRoutesOptions) {
  await app.register(replyFrom, {
    disableRequestLogging: true,
    undici: { connections: options.connections, pipelining: 1 },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // Before authentication decides on the path: `/api/auth/../users/me` is not public.
  app.addHook('onRequest', async (request) => {
    if (hasDotSegment(request.url.split('?')[0] ?? request.url)) {
      throw badRequest('Bad Request', { detail: 'Paths may not contain . or .. segments' });
    }
  });

  const poolFor = (service: UpstreamService) => {
    const pool = options.pools.get(service);
    if (!pool) throw new Error(`no upstream pool for ${service}`);
    return pool;
  };

  const handlerFor = (route: ProxyRoute) => {
    const pool = poolFor(route.service);
    return (request: FastifyRequest, reply: FastifyReply) =>
      options.forward(request, reply, pool, upstreamPath(route, request.url));
  };

  const hidden = { schema: { hide: true } };
  for (const route of proxyRoutes) {
    const handler = handlerFor(route);
    app.all(route.prefix, hidden, handler);
    app.all(`${route.prefix}/*`, hidden, handler);
  }

  const auth = proxyRoutes.find((route) => route.prefix === '/api/auth');
  if (auth) {
    app.post(
      '/api/auth/login',
      { ...hidden, config: { rateLimit: options.loginRateLimit } },
      handlerFor(auth),
    );
  }

  const users = poolFor('user-service');
  for (const path of jwksPaths) {
    app.get(path, hidden, (request, reply) => {
      const query = request.url.indexOf('?');
      return options.forward(
        request,
        reply,
        users,
        upstreamJwksPath + (query >= 0 ? request.url.slice(query) : ''),
      );
    });
  }
}
