import { Type } from 'typebox';
import { customerTokensPattern } from './domain/payment-token.ts';

export const configSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3005 }),
  // DEVELOPMENT DEFAULT (infra/postgres/init); deployments set their own.
  DATABASE_URL: Type.String({
    format: 'uri',
    default: 'postgresql://payment_service:payment_service_dev_password@127.0.0.1:5432/ecommerce',
  }),
  JWKS_URL: Type.String({
    format: 'uri',
    default: 'http://127.0.0.1:3001/.well-known/jwks.json',
  }),
  PAYMENT_PROVIDER_LATENCY_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 100 }),
  PAYMENT_PROVIDER_FAILURE_RATE: Type.Number({ minimum: 0, maximum: 1, default: 0 }),
  PAYMENT_PROVIDER_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 2_000 }),
  PAYMENT_PROVIDER_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 10, default: 4 }),
  PAYMENT_PROVIDER_RETRY_BASE_DELAY_MS: Type.Integer({ minimum: 0, default: 100 }),
  PAYMENT_PROVIDER_RETRY_MAX_DELAY_MS: Type.Integer({ minimum: 0, default: 2_000 }),
  PAYMENT_DEFAULT_TOKEN: Type.String({ pattern: '^tok_[A-Za-z0-9_]+$', default: 'tok_visa' }),
  PAYMENT_CUSTOMER_TOKENS: Type.String({
    pattern: `${customerTokensPattern}|^$`,
    default: '',
    description: 'comma-separated customer-id=tok_... pairs',
  }),
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: Type.String({ minLength: 1, default: '127.0.0.1:9092' }),
  /** Put before every topic and consumer group name; isolates environments on one cluster. */
  KAFKA_TOPIC_PREFIX: Type.String({ default: '' }),
});
