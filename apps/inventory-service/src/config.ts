import { Type } from 'typebox';

export const configSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3003 }),
  // DEVELOPMENT DEFAULT: the local infrastructure's inventory_service role and password.
  // Deployments set their own.
  DATABASE_URL: Type.String({
    format: 'uri',
    default:
      'postgresql://inventory_service:inventory_service_dev_password@127.0.0.1:5432/ecommerce',
  }),
  // Reservations hold a connection while they lock stock rows; bursts of orders on the same
  // products queue here rather than in Postgres.
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  JWKS_URL: Type.String({
    format: 'uri',
    default: 'http://127.0.0.1:3001/.well-known/jwks.json',
  }),
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: Type.String({ minLength: 1, default: '127.0.0.1:9092' }),
  /** Put before every topic and consumer group name; isolates environments on one cluster. */
  KAFKA_TOPIC_PREFIX: Type.String({ default: '' }),
});
