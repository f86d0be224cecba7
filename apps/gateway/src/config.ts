import { fileURLToPath } from 'node:url';
import { Type } from 'typebox';

const url = (fallback: string) => Type.String({ format: 'uri', default: fallback });
// A comma-separated list of base URLs, e.g. `http://a:3002,http://b:3002`.
const urls = (fallback: string) =>
  Type.String({ pattern: '^https?://[^,\\s]+(,https?://[^,\\s]+)*$', default: fallback });
const positive = (fallback: number) => Type.Integer({ minimum: 1, default: fallback });

export const configSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 8080 }),
  // Processes serving PORT together (node:cluster); all shared state is in Redis.
  GATEWAY_WORKERS: Type.Integer({ minimum: 1, maximum: 64, default: 1 }),
  // Rate-limit counters.
  REDIS_URL: url('redis://127.0.0.1:6379'),
  // user-service publishes the public keys that verify access tokens.
  JWKS_URL: url('http://127.0.0.1:3001/.well-known/jwks.json'),

  // Discovery: instances registered here win over the static URLs below; a service with no
  // live registered instance falls back to its static URLs.
  REGISTRY_REDIS_URL: Type.Optional(Type.String({ format: 'uri' })),
  REGISTRY_KEY_PREFIX: Type.String({ default: '' }),
  DISCOVERY_INTERVAL_MS: positive(1_000),
  // Static upstreams (compose service names, Kubernetes DNS); local development ports by default.
  UPSTREAM_USER_SERVICE: urls('http://127.0.0.1:3001'),
  UPSTREAM_PRODUCT_SERVICE: urls('http://127.0.0.1:3002'),
  UPSTREAM_INVENTORY_SERVICE: urls('http://127.0.0.1:3003'),
  UPSTREAM_ORDER_SERVICE: urls('http://127.0.0.1:3004'),
  UPSTREAM_PAYMENT_SERVICE: urls('http://127.0.0.1:3005'),
  UPSTREAM_NOTIFICATION_SERVICE: urls('http://127.0.0.1:3006'),

  LOAD_BALANCING: Type.Union([Type.Literal('round-robin'), Type.Literal('least-outstanding')], {
    default: 'round-robin',
  }),
  // Active health checks: GET /health/ready on every instance.
  HEALTH_CHECK_INTERVAL_MS: positive(2_000),
  HEALTH_CHECK_TIMEOUT_MS: positive(1_000),
  // Time for an upstream to start answering (per attempt).
  UPSTREAM_TIMEOUT_MS: positive(10_000),
  // Longest silence allowed inside a response body; 0: none, so Server-Sent Events streams
  // that are quiet for a while are not cut.
  UPSTREAM_BODY_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 0 }),
  // Keep-alive connections per instance, and how long an idle one is kept (below the
  // services' own 72 s, so the gateway never sends on a connection the service is closing).
  UPSTREAM_CONNECTIONS: positive(128),
  UPSTREAM_KEEP_ALIVE_MS: positive(60_000),
  // Per-instance circuit breaker.
  BREAKER_VOLUME_THRESHOLD: positive(5),
  BREAKER_ERROR_PERCENTAGE: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  BREAKER_RESET_TIMEOUT_MS: positive(5_000),
  // Seconds a client is told to wait when no instance of a service can take its request.
  UNAVAILABLE_RETRY_AFTER_SECONDS: positive(5),
  // Which instance answered, as `x-upstream-instance`; it reveals internal addresses, so
  // it is for development and tests only.
  EXPOSE_UPSTREAM_INSTANCE: Type.Boolean({ default: false }),

  // Requests per window: per user (token subject) when authenticated, else per client IP;
  // login attempts per IP on their own, stricter budget.
  RATE_LIMIT_WINDOW_MS: positive(60_000),
  RATE_LIMIT_ANONYMOUS_MAX: positive(300),
  RATE_LIMIT_USER_MAX: positive(1_200),
  RATE_LIMIT_LOGIN_MAX: positive(10),
  RATE_LIMIT_KEY_PREFIX: Type.String({ default: 'gateway:rate-limit:' }),
  // Percent of a limit one instance takes from Redis at a time (see the README's tolerance).
  RATE_LIMIT_LEASE_PERCENT: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  // The number of proxies in front of the gateway whose X-Forwarded-For is trusted for the
  // client IP (0: the socket's address).
  TRUSTED_PROXY_HOPS: Type.Integer({ minimum: 0, default: 0 }),

  // The storefront's build (apps/web), served at /; the gateway serves no page without it.
  WEB_ROOT: Type.String({ default: fileURLToPath(new URL('../../web/dist', import.meta.url)) }),

  // Origins allowed to call the API from a browser: comma-separated, `*`, or empty for none.
  CORS_ORIGINS: Type.String({ default: '' }),
  OPENAPI_REFRESH_INTERVAL_MS: positive(30_000),
});
