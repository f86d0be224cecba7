import { badRequest, serviceUnavailable } from '@ecommerce/service-kit';
import httpProxy from '@fastify/http-proxy';
import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyReplyFromHooks } from '@fastify/reply-from';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import {
  hasDotSegment,
  jwksPaths,
  pathOf,
  proxyRoutes,
  type UpstreamService,
  upstreamJwksPath,
  upstreamPath,
} from '../routing/route-table.ts';
import type { UpstreamInstance, UpstreamPool } from '../upstreams/upstream-pool.ts';
import type { Forwarder } from './forward-request.ts';
import { forwardedRequestHeaders } from './forwarded-headers.ts';

export interface ProxyRoutesOptions {
  pools: ReadonlyMap<UpstreamService, UpstreamPool>;
  forwarder: Forwarder;
  /** The keep-alive connection pools every route sends its requests through. */
  dispatcher: Dispatcher;
  /** The stricter budget of login attempts (per client address). */
  loginRateLimit: RateLimitOptions;
}

interface Registration {
  service: UpstreamService;
  /** A public prefix (its routes are the prefix and everything under it) ... */
  prefix?: string;
  /** ... and what it becomes upstream (for WebSockets; HTTP requests use upstreamUrl). */
  rewritePrefix?: string;
  /** ... or exact public paths. */
  routes?: string[];
  httpMethods?: string[];
  config?: Record<string, unknown>;
  /** The upstream path and query of a public URL. */
  upstreamUrl: (url: string) => string;
}

const websocketInstance = Symbol('gateway.websocketInstance');
type UpgradingRequest = FastifyRequest & { [websocketInstance]?: UpstreamInstance };

const isUpgrade = (request: FastifyRequest) =>
  request.headers.upgrade?.toLowerCase() === 'websocket';

/**
 * The public routes, each an @fastify/http-proxy registration whose handler is the gateway's
 * forwarder (instance choice, circuit, retry on another instance). WebSocket upgrades on the
 * same paths are proxied by http-proxy itself, after the same hooks (rate limit, token) ran.
 * Bodies are read as bytes, not parsed: the gateway does not look inside, and bytes can be
 * sent again when a request is retried on another instance.
 */
export async function proxyRoutesPlugin(app: FastifyInstance, options: ProxyRoutesOptions) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // Before authentication decides on the path: `/api/auth/../users/me` is not public.
  app.addHook('onRequest', function refuseDotSegments(request, _reply, done) {
    if (!hasDotSegment(pathOf(request.url))) return done();
    done(badRequest('Bad Request', { detail: 'Paths may not contain . or .. segments' }));
  });

  const { forward, replyOptions: forwardHooks } = options.forwarder;

  const register = async (registration: Registration) => {
    const pool = options.pools.get(registration.service);
    if (!pool) throw new Error(`no upstream pool for ${registration.service}`);
    const replyOptions: FastifyReplyFromHooks = {
      ...forwardHooks,
      // An HTTP attempt names its instance; a WebSocket was given one when it was accepted.
      getUpstream: (request, base) =>
        (request as UpgradingRequest)[websocketInstance]?.url ??
        forwardHooks.getUpstream?.(request, base) ??
        base,
    };
    await app.register(httpProxy, {
      upstream: '',
      ...(registration.prefix ? { prefix: registration.prefix } : {}),
      ...(registration.rewritePrefix ? { rewritePrefix: registration.rewritePrefix } : {}),
      ...(registration.routes ? { routes: registration.routes } : {}),
      ...(registration.httpMethods ? { httpMethods: registration.httpMethods } : {}),
      config: registration.config ?? {},
      // The buffering parser above stays in charge of bodies.
      proxyPayloads: false,
      disableRequestLogging: true,
      undici: options.dispatcher as never,
      replyOptions,
      preHandler: (request, _reply, done) => {
        if (!isUpgrade(request)) return done();
        const instance = pool.pick();
        if (!instance) {
          return done(
            serviceUnavailable('Service Unavailable', {
              detail: `No instance of ${pool.service} can take the request now`,
            }),
          );
        }
        (request as UpgradingRequest)[websocketInstance] = instance;
        done();
      },
      handler: (request, reply, _dest, hooks) =>
        forward(request, reply, pool, registration.upstreamUrl(request.url), hooks),
      websocket: true,
      wsClientOptions: {
        // The same headers as an HTTP request gets (the default passes only cookies).
        rewriteRequestHeaders: (_headers: unknown, request: FastifyRequest) =>
          forwardedRequestHeaders(
            {
              ...(request.headers.authorization
                ? { authorization: request.headers.authorization }
                : {}),
              ...(request.headers.cookie ? { cookie: request.headers.cookie } : {}),
            },
            {
              requestId: request.id,
              clientIp: request.ip,
              protocol: request.protocol,
              host: request.headers.host,
            },
          ),
      } as never,
    });
  };

  for (const route of proxyRoutes) {
    await register({
      service: route.service,
      prefix: route.prefix,
      rewritePrefix: route.upstreamPrefix,
      upstreamUrl: (url) => upstreamPath(route, url),
    });
  }

  const auth = proxyRoutes.find((route) => route.prefix === '/api/auth');
  if (auth) {
    await register({
      service: auth.service,
      routes: ['/api/auth/login'],
      httpMethods: ['POST'],
      config: { rateLimit: options.loginRateLimit },
      upstreamUrl: (url) => upstreamPath(auth, url),
    });
  }

  await register({
    service: 'user-service',
    routes: [...jwksPaths],
    httpMethods: ['GET', 'HEAD'],
    upstreamUrl: (url) => {
      const query = url.indexOf('?');
      return upstreamJwksPath + (query >= 0 ? url.slice(query) : '');
    },
  });
}
