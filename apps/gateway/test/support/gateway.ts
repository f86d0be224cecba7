import { loadConfig } from '@ecommerce/service-kit';
import type { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { freePort, type isolatedInfra } from '@ecommerce/testkit';
import { buildApp } from '../../src/app.ts';
import { configSchema } from '../../src/config.ts';
import { startUpstreamServer, type UpstreamServer } from './upstream-server.ts';

export type Infra = Awaited<ReturnType<typeof isolatedInfra>>;
export type TokenIssuer = Awaited<ReturnType<typeof createTestTokenIssuer>>;

/** An address nothing listens on: connections are refused. */
export async function deadUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

export async function startUpstreams(issuer: TokenIssuer) {
  const names = [
    'user-service',
    'product-service',
    'inventory-service',
    'order-service',
    'payment-service',
    'notification-service',
  ] as const;
  const servers = await Promise.all(
    names.map((name) =>
      startUpstreamServer(name, name === 'user-service' ? { jwks: issuer.jwks } : {}),
    ),
  );
  return Object.fromEntries(names.map((name, i) => [name, servers[i]])) as Record<
    (typeof names)[number],
    UpstreamServer
  >;
}

/** The gateway's static upstream settings pointing at these servers. */
export function upstreamVariables(upstreams: Awaited<ReturnType<typeof startUpstreams>>) {
  return {
    JWKS_URL: `${upstreams['user-service'].url}/.well-known/jwks.json`,
    UPSTREAM_USER_SERVICE: upstreams['user-service'].url,
    UPSTREAM_PRODUCT_SERVICE: upstreams['product-service'].url,
    UPSTREAM_INVENTORY_SERVICE: upstreams['inventory-service'].url,
    UPSTREAM_ORDER_SERVICE: upstreams['order-service'].url,
    UPSTREAM_PAYMENT_SERVICE: upstreams['payment-service'].url,
    UPSTREAM_NOTIFICATION_SERVICE: upstreams['notification-service'].url,
  };
}

/** The gateway app (not listening) on this file's Redis prefix, with the given settings. */
export function buildGateway(infra: Infra, env: Record<string, string>) {
  return buildApp(
    loadConfig(configSchema, {
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      REDIS_URL: infra.redis.url,
      RATE_LIMIT_KEY_PREFIX: `${infra.redis.keyPrefix}rate-limit:${Math.random().toString(36).slice(2)}:`,
      EXPOSE_UPSTREAM_INSTANCE: 'true',
      ...env,
    }),
  );
}
