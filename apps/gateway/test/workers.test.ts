import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { isolatedInfra, startServiceProcess } from '@ecommerce/testkit';
import { afterAll, expect, it } from 'vitest';
import { childrenOf } from '../bench/processes.ts';
import { startUpstreams } from './support/gateway.ts';

const infra = await isolatedInfra();
const issuer = await createTestTokenIssuer();
const upstreams = await startUpstreams(issuer);

afterAll(async () => {
  await Promise.all(Object.values(upstreams).map((u) => u.close()));
});

it('serves one port from GATEWAY_WORKERS processes, replaces one that dies, and stops them all on SIGTERM', async () => {
  const gateway = await startServiceProcess({
    name: 'gateway',
    readyTimeoutMs: 90_000,
    env: {
      GATEWAY_WORKERS: '2',
      REDIS_URL: infra.redis.url,
      RATE_LIMIT_KEY_PREFIX: `${infra.redis.keyPrefix}rate-limit:`,
      JWKS_URL: `${upstreams['user-service'].url}/.well-known/jwks.json`,
      UPSTREAM_USER_SERVICE: upstreams['user-service'].url,
      UPSTREAM_PRODUCT_SERVICE: upstreams['product-service'].url,
      // On a busy machine a readiness answer can take over the default second, and an
      // instance that misses a check is skipped (503): this test is about the workers.
      HEALTH_CHECK_TIMEOUT_MS: '10000',
    },
  });
  const primary = gateway.child.pid ?? 0;
  try {
    // Both workers listen once the primary's children are up and ready.
    const deadline = Date.now() + 30_000;
    while (childrenOf(primary).length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const workers = childrenOf(primary);
    expect(workers).toHaveLength(2);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await fetch(`${gateway.url}/api/products`, {
          headers: { connection: 'close' },
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses).toEqual(statuses.map(() => 200));

    // A worker that dies is replaced (after a short delay, having lived only seconds).
    const [killed, survivor] = workers;
    process.kill(killed ?? 0, 'SIGKILL');
    const restartDeadline = Date.now() + 60_000;
    let replaced = childrenOf(primary);
    while (
      (replaced.length < 2 || replaced.includes(killed ?? 0)) &&
      Date.now() < restartDeadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      replaced = childrenOf(primary);
    }
    expect(replaced).toHaveLength(2);
    expect(replaced).toContain(survivor);
    expect(replaced).not.toContain(killed);

    expect(await gateway.stop()).toBe(0);
    for (const worker of replaced) {
      expect(() => process.kill(worker, 0)).toThrow();
    }
  } finally {
    await gateway.kill();
  }
  // Three node processes start and stop here; a busy machine makes that slow.
}, 180_000);
