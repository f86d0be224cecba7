import type { ServiceConfig } from '@ecommerce/service-kit';
import { Type } from 'typebox';

export const configSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3001 }),
  // DEVELOPMENT DEFAULT (the local role's password from infra/postgres/init); every deployment
  // sets its own.
  DATABASE_URL: Type.String({
    format: 'uri',
    default: 'postgresql://user_service:user_service_dev_password@127.0.0.1:5432/ecommerce',
  }),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, default: 10 }),
  // Production supplies the signing key through its secrets: an Ed25519 (or RSA) private key
  // as PKCS#8 PEM. Without it, a key pair is generated on first start and kept in the
  // signing_keys table, shared by every instance.
  JWT_PRIVATE_KEY: Type.Optional(Type.String({ minLength: 1 })),
  // The `kid` of JWT_PRIVATE_KEY; defaults to its RFC 7638 thumbprint.
  JWT_KEY_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 1, default: 900 }),
  REFRESH_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 1, default: 30 * 24 * 3600 }),
  // scrypt cost of new password hashes (N = 2^value, r = 8, p = 1). 17 is OWASP's minimum
  // recommendation; existing hashes keep the cost they were made with.
  PASSWORD_HASH_COST: Type.Integer({ minimum: 10, maximum: 20, default: 17 }),
  // Password hashes computed at once, and requests waiting for one; past both, 503. Each
  // hash takes 128 MiB at cost 17 and one of libuv's 4 threads, which other routes share.
  PASSWORD_HASH_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 2 }),
  PASSWORD_HASH_QUEUE: Type.Integer({ minimum: 0, maximum: 1000, default: 8 }),
  LOGIN_MAX_FAILURES: Type.Integer({ minimum: 1, default: 5 }),
  LOGIN_FAILURE_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 900 }),
  // How often ended failure windows and long-expired refresh tokens are deleted.
  HOUSEKEEPING_INTERVAL_SECONDS: Type.Integer({ minimum: 1, default: 600 }),
  // DEVELOPMENT DEFAULT admin account, created at start unless NODE_ENV is production (where
  // these are ignored): the admin of infra/seed/users.json.
  SEED_ADMIN_EMAIL: Type.String({ format: 'email', default: 'admin@shop.example' }),
  SEED_ADMIN_PASSWORD: Type.String({ minLength: 1, default: 'admin-dev-password-1' }),
});

export type UserServiceConfig = ServiceConfig<typeof configSchema>;
