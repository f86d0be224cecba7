import { Type } from 'typebox';

export const configSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3002 }),
  // DEVELOPMENT DEFAULT: the local role and password from infra/postgres/init; set your own
  // anywhere else.
  DATABASE_URL: Type.String({
    format: 'uri',
    default: 'postgresql://product_service:product_service_dev_password@127.0.0.1:5432/ecommerce',
  }),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, default: 10 }),
  // user-service publishes the public keys that verify access tokens.
  JWKS_URL: Type.String({ format: 'uri', default: 'http://127.0.0.1:3001/.well-known/jwks.json' }),
  REDIS_URL: Type.String({ format: 'uri', default: 'redis://127.0.0.1:6379' }),
  // Every cache key starts with it, so several services (or test files) can share one Redis.
  REDIS_KEY_PREFIX: Type.String({ default: 'product:' }),
  // A cache that answers slowly is treated as down: the read goes to Postgres instead.
  REDIS_COMMAND_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 250 }),
  // Backstop only: writes invalidate at once; the TTL bounds what a lost invalidation costs.
  CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
});
