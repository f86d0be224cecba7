import type { ServiceConfig } from '@ecommerce/service-kit';
import { Type } from 'typebox';

export const configSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3004 }),
  // DEVELOPMENT DEFAULT: the local order_service role; every other environment sets its own.
  DATABASE_URL: Type.String({
    format: 'uri',
    default: 'postgresql://order_service:order_service_dev_password@127.0.0.1:5432/ecommerce',
  }),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, default: 10 }),
  JWKS_URL: Type.String({
    format: 'uri',
    default: 'http://127.0.0.1:3001/.well-known/jwks.json',
  }),
  PRODUCT_SERVICE_URL: Type.String({ format: 'uri', default: 'http://127.0.0.1:3002' }),
  /** Time budget of each attempt to read a product. */
  PRODUCT_SERVICE_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 2000 }),
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: Type.String({ minLength: 1, default: '127.0.0.1:9092' }),
  /** Put before every topic and consumer group name; isolates environments on one cluster. */
  KAFKA_TOPIC_PREFIX: Type.String({ default: '' }),
  /** An order not CONFIRMED or CANCELLED this long after placement is cancelled (timeout). */
  SAGA_DEADLINE_MS: Type.Integer({ minimum: 1, default: 30_000 }),
  /** How often the deadline is checked. */
  SAGA_SWEEP_INTERVAL_MS: Type.Integer({ minimum: 10, default: 1_000 }),
});

export type OrderServiceConfig = ServiceConfig<typeof configSchema>;
