import { Type } from 'typebox';

export const configSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3006 }),
  // DEVELOPMENT DEFAULT: the local role and password from infra/postgres/init; set your own
  // anywhere else.
  DATABASE_URL: Type.String({
    format: 'uri',
    default:
      'postgresql://notification_service:notification_service_dev_password@127.0.0.1:5432/ecommerce',
  }),
  JWKS_URL: Type.String({
    format: 'uri',
    default: 'http://127.0.0.1:3001/.well-known/jwks.json',
  }),
  // Unset: notifications are only recorded in the delivery log (the log transport).
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.String({ minLength: 3, default: 'Shop <orders@shop.example>' }),
  SMTP_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 10_000 }),
  // Transport calls per notification, the first included, before it is marked FAILED.
  NOTIFICATION_SEND_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
  NOTIFICATION_RETRY_BASE_DELAY_MS: Type.Integer({ minimum: 0, default: 500 }),
  NOTIFICATION_RETRY_MAX_DELAY_MS: Type.Integer({ minimum: 0, default: 5_000 }),
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: Type.String({ minLength: 1, default: '127.0.0.1:9092' }),
  /** Put before every topic and consumer group name; isolates environments on one cluster. */
  KAFKA_TOPIC_PREFIX: Type.String({ default: '' }),
});
