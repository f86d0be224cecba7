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
