import { connectRegistry } from '@ecommerce/registry';
import {
  circuitBreakerMetrics,
  createService,
  redisCheck,
  type ServiceConfig,
} from '@ecommerce/service-kit';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Agent } from 'undici';
import { edgeAuthenticationPlugin } from './auth/edge-authentication.ts';
import { clientAddress } from './client-address.ts';
import type { configSchema } from './config.ts';
import { startOpenApiAggregator } from './openapi/openapi-aggregator.ts';
import { opsRoutesPlugin } from './ops/ops-routes.ts';
import { createForwarder } from './proxy/forward-request.ts';
import { proxyRoutesPlugin } from './proxy/proxy-routes.ts';
import { rateLimitingPlugin } from './rate-limit/rate-limiting.ts';
import {
  isPublicRequest,
  pathOf,
  type UpstreamService,
  upstreamServices,
} from './routing/route-table.ts';
import { securityHeadersHook } from './security/security-headers.ts';
import { createBalancer } from './upstreams/balancers.ts';
import { startDiscovery } from './upstreams/discovery.ts';
import { startHealthChecks } from './upstreams/health-checks.ts';
import { createUpstreamPool, type UpstreamPool } from './upstreams/upstream-pool.ts';
import { serveWebPlugin } from './web/serve-web.ts';

export type GatewayConfig = ServiceConfig<typeof configSchema>;

const staticUrlVariables: Record<UpstreamService, keyof GatewayConfig> = {
  'user-service': 'UPSTREAM_USER_SERVICE',
  'product-service': 'UPSTREAM_PRODUCT_SERVICE',
  'inventory-service': 'UPSTREAM_INVENTORY_SERVICE',
  'order-service': 'UPSTREAM_ORDER_SERVICE',
  'payment-service': 'UPSTREAM_PAYMENT_SERVICE',
  'notification-service': 'UPSTREAM_NOTIFICATION_SERVICE',
};

export function staticUpstreams(config: GatewayConfig): Record<UpstreamService, string[]> {
  return Object.fromEntries(
    upstreamServices.map((service) => [
      service,
      String(config[staticUrlVariables[service]])
        .split(',')
        .map((url) => url.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    ]),
  ) as Record<UpstreamService, string[]>;
}

function corsOrigins(setting: string): boolean | string | string[] {
  if (setting.trim() === '*') return '*';
  return setting
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/** Builds the gateway; never listens (main.ts does, tests use inject or listen on port 0). */
export async function buildApp(config: GatewayConfig): Promise<FastifyInstance> {
  const app = await createService({
    name: 'gateway',
    version: '1.0.0',
    description: 'The public entry point of the shop',
    config,
    // Log lines are written in the background, batched while a write is in flight, not with
    // one blocking write each (pino's default): the access log stays off the request path.
    // Development keeps service-kit's pretty, synchronous output.
    ...(config.NODE_ENV === 'development'
      ? {}
      : { logStream: pino.destination({ dest: 1, sync: false }) }),
  });
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
  });
  const registry = config.REGISTRY_REDIS_URL
    ? connectRegistry(config.REGISTRY_REDIS_URL, { keyPrefix: config.REGISTRY_KEY_PREFIX })
    : undefined;
  redis.on('error', (error) => app.log.debug({ err: error }, 'redis error'));
  registry?.on('error', (error) => app.log.debug({ err: error }, 'registry redis error'));
  app.addReadinessCheck('redis', redisCheck(redis));

  const breakerMetrics = circuitBreakerMetrics(app.metrics);
  const pools = new Map<UpstreamService, UpstreamPool>(
    upstreamServices.map((service) => [
      service,
      createUpstreamPool(service, createBalancer(config.LOAD_BALANCING), {
        volumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
        errorThresholdPercentage: config.BREAKER_ERROR_PERCENTAGE,
        resetTimeoutMs: config.BREAKER_RESET_TIMEOUT_MS,
        onStateChange: (instance, state) => {
          breakerMetrics.onBreakerStateChange({ circuit: instance.circuit, state });
          app.log.warn({ ...instance, state }, 'upstream circuit changed');
        },
        onCircuitCreated: breakerMetrics.track,
        onCircuitRemoved: breakerMetrics.forget,
      }),
    ]),
  );
  const discovery = startDiscovery({
    pools: [...pools.values()],
    staticUrls: staticUpstreams(config),
    ...(registry ? { registry } : {}),
    intervalMs: config.DISCOVERY_INTERVAL_MS,
    log: app.log,
  });
  await discovery.refresh();
  // One set of keep-alive connection pools (one per instance) for every route.
  const dispatcher = new Agent({
    connections: config.UPSTREAM_CONNECTIONS,
    pipelining: 1,
    keepAliveTimeout: config.UPSTREAM_KEEP_ALIVE_MS,
    keepAliveMaxTimeout: config.UPSTREAM_KEEP_ALIVE_MS,
    headersTimeout: config.UPSTREAM_TIMEOUT_MS,
    bodyTimeout: config.UPSTREAM_BODY_TIMEOUT_MS,
  });

  const healthChecks = startHealthChecks({
    pools: [...pools.values()],
    intervalMs: config.HEALTH_CHECK_INTERVAL_MS,
    timeoutMs: config.HEALTH_CHECK_TIMEOUT_MS,
    log: app.log,
  });
  const openApi = startOpenApiAggregator({
    pools,
    intervalMs: config.OPENAPI_REFRESH_INTERVAL_MS,
    title: 'E-commerce API',
    version: '1.0.0',
    log: app.log,
  });
  void openApi.refresh();

  app.addHook('onClose', async () => {
    discovery.stop();
    healthChecks.stop();
    openApi.stop();
    for (const pool of pools.values()) pool.close();
    await dispatcher.destroy();
    redis.disconnect();
    registry?.disconnect();
  });

  await app.register(securityHeadersHook, {
    // An API: responses are JSON, and Swagger UI at /docs loads its own scripts and styles.
    contentSecurityPolicy: {
      directives: { 'img-src': ["'self'", 'data:'], 'style-src': ["'self'", "'unsafe-inline'"] },
    },
  });
  const origins = corsOrigins(config.CORS_ORIGINS);
  if (origins === '*' || (Array.isArray(origins) && origins.length > 0)) {
    await app.register(cors, {
      origin: origins,
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'],
      exposedHeaders: [
        'location',
        'retry-after',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
        'x-request-id',
      ],
      maxAge: 600,
    });
  }

  // The merged document of every service replaces the gateway's own (which lists no routes).
  // Hooks on every request take a callback, not a promise: one less promise per request each.
  app.addHook('onRequest', function serveMergedOpenApi(request, reply, done) {
    const path = pathOf(request.url);
    if (request.method === 'GET' && (path === '/openapi.json' || path === '/docs/json')) {
      reply.send(openApi.document());
      return;
    }
    done();
  });

  await app.register(edgeAuthenticationPlugin, { jwksUrl: config.JWKS_URL });
  await app.register(rateLimitingPlugin, {
    redis,
    windowMs: config.RATE_LIMIT_WINDOW_MS,
    anonymousMax: config.RATE_LIMIT_ANONYMOUS_MAX,
    userMax: config.RATE_LIMIT_USER_MAX,
    keyPrefix: config.RATE_LIMIT_KEY_PREFIX,
    leaseFraction: config.RATE_LIMIT_LEASE_PERCENT / 100,
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
  });

  await app.register(async (api) => {
    // Protected routes are turned away before their body is read; rate limiting (onRequest)
    // has counted them already.
    api.addHook(
      'preParsing',
      function refuseUnauthenticatedBeforeBody(request, _reply, payload, done) {
        const path = pathOf(request.url);
        if (isPublicRequest(request.method, path) || !path.startsWith('/api/')) {
          return done(null, payload);
        }
        app.requireToken(request).then(() => done(null, payload), done);
      },
    );
    await proxyRoutesPlugin(api, {
      pools,
      dispatcher,
      forwarder: createForwarder({
        unavailableRetryAfterSeconds: config.UNAVAILABLE_RETRY_AFTER_SECONDS,
        exposeInstance: config.EXPOSE_UPSTREAM_INSTANCE,
      }),
      loginRateLimit: {
        max: config.RATE_LIMIT_LOGIN_MAX,
        timeWindow: config.RATE_LIMIT_WINDOW_MS,
        keyGenerator: (request) => `login:${clientAddress(request, config.TRUSTED_PROXY_HOPS)}`,
      },
    });
  });
  await app.register(opsRoutesPlugin, { pools, timeoutMs: config.HEALTH_CHECK_TIMEOUT_MS });
  await app.register(serveWebPlugin, { root: config.WEB_ROOT });
  return app;
}
