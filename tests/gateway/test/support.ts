import type { Isolation, ServiceProcess } from '@ecommerce/testkit';
import { startServiceProcess } from '@ecommerce/testkit';

/**
 * The gateway as a process, on this test file's Redis prefix (rate limits and registry),
 * telling which instance answered (`x-upstream-instance`).
 */
export function startGateway(
  infra: Isolation,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  return startServiceProcess({
    name: 'gateway',
    env: {
      REDIS_URL: infra.redis.url,
      RATE_LIMIT_KEY_PREFIX: `${infra.redis.keyPrefix}rate-limit:`,
      EXPOSE_UPSTREAM_INSTANCE: 'true',
      ...env,
    },
  });
}

export const staticUpstreamVariables = {
  'user-service': 'UPSTREAM_USER_SERVICE',
  'product-service': 'UPSTREAM_PRODUCT_SERVICE',
  'inventory-service': 'UPSTREAM_INVENTORY_SERVICE',
  'order-service': 'UPSTREAM_ORDER_SERVICE',
  'payment-service': 'UPSTREAM_PAYMENT_SERVICE',
  'notification-service': 'UPSTREAM_NOTIFICATION_SERVICE',
} as const;
