import { tooManyRequests } from '@ecommerce/service-kit';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { clientAddress } from '../client-address.ts';
import { leasedRedisStore } from './leased-redis-store.ts';

export interface RateLimitingOptions {
  redis: Redis;
  windowMs: number;
  anonymousMax: number;
  userMax: number;
  keyPrefix: string;
  /** Share of a limit an instance takes from Redis at a time; see leasedRedisStore. */
  leaseFraction: number;
  /** Proxies in front of the gateway whose X-Forwarded-For entry is believed. */
  trustedProxyHops: number;
}

/** Per user when the token verified (the edge sets `request.user` first), else per client IP. */
export function rateLimitKey(request: FastifyRequest, trustedProxyHops: number): string {
  const subject = request.user?.sub;
  return subject ? `user:${subject}` : `ip:${clientAddress(request, trustedProxyHops)}`;
}

/**
 * Rate limits counted in Redis, so every gateway instance counts against the same budget,
 * from local leases of it, so a request does not wait for Redis (see leasedRedisStore). Routes
 * registered after this plugin are limited; a route can set its own budget through
 * `config.rateLimit`. Answers 429 problem+json with Retry-After and the IETF draft's
 * RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset headers.
 */
async function rateLimiting(app: FastifyInstance, options: RateLimitingOptions) {
  const store = leasedRedisStore({
    redis: options.redis,
    keyPrefix: options.keyPrefix,
    leaseFraction: options.leaseFraction,
  });
  app.addHook('onClose', async () => store.close());
  await app.register(rateLimit, {
    global: true,
    store: store.Store as never,
    timeWindow: options.windowMs,
    max: (request) => (request.user?.sub ? options.userMax : options.anonymousMax),
    keyGenerator: (request) => rateLimitKey(request, options.trustedProxyHops),
    enableDraftSpec: true,
    // Redis unreachable: serve rather than turn every client away.
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      tooManyRequests('Too Many Requests', {
        detail: `Rate limit of ${context.max} requests exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`,
      }),
  });
}

export const rateLimitingPlugin = fp(rateLimiting, {
  name: 'gateway-rate-limiting',
  dependencies: ['gateway-edge-authentication'],
});
