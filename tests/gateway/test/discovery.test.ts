import { join } from 'node:path';
import { deployMigrations } from '@ecommerce/db/migrations';
import {
  freePort,
  isolatedInfra,
  repoRoot,
  type ServiceProcess,
  startServiceProcess,
} from '@ecommerce/testkit';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startGateway } from './support.ts';

const infra = await isolatedInfra();
const registry = {
  REGISTRY_REDIS_URL: infra.redis.url,
  REGISTRY_KEY_PREFIX: `${infra.redis.keyPrefix}`,
};
let products: ServiceProcess[] = [];
let gateway: ServiceProcess;

function startProductService() {
  return startServiceProcess({
    name: 'product-service',
    env: {
      ...registry,
      DATABASE_URL: infra.postgres.urlFor('product-service'),
      REDIS_URL: infra.redis.url,
      REDIS_KEY_PREFIX: `${infra.redis.keyPrefix}product:`,
    },
  });
}

beforeAll(async () => {
  await deployMigrations(
    { schemaPath: join(repoRoot, 'apps/product-service/prisma/schema.prisma') },
    { databaseUrl: infra.postgres.urlFor('product-service') },
  );
  products = await Promise.all([startProductService(), startProductService()]);
  gateway = await startGateway(infra, {
    ...registry,
    // Nothing listens there: every product request must go to registered instances.
    UPSTREAM_PRODUCT_SERVICE: `http://127.0.0.1:${await freePort()}`,
    DISCOVERY_INTERVAL_MS: '500',
    HEALTH_CHECK_INTERVAL_MS: '500',
  });
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await Promise.all(products.map((p) => p.stop()));
}, 60_000);

async function instancesAnswering(count: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${gateway.url}/api/products`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const instance = response.headers.get('x-upstream-instance') ?? '';
    seen.set(instance, (seen.get(instance) ?? 0) + 1);
  }
  return seen;
}

it('finds registered instances and spreads traffic over both', async () => {
  await vi.waitFor(
    async () => {
      const seen = await instancesAnswering(10);
      expect([...seen.keys()].sort()).toEqual(products.map((p) => p.url).sort());
    },
    { timeout: 15_000, interval: 500 },
  );
});

it('loses no GET while one instance is killed mid-run', async () => {
  const [victim, survivor] = products as [ServiceProcess, ServiceProcess];
  const failures: string[] = [];
  const seen = new Map<string, number>();
  let killed: Promise<void> | undefined;
  for (let i = 0; i < 200; i++) {
    if (i === 50) killed = victim.kill();
    const response = await fetch(`${gateway.url}/api/products`);
    await response.arrayBuffer();
    if (response.status !== 200) failures.push(`${i}: ${response.status}`);
    const instance = response.headers.get('x-upstream-instance') ?? '';
    seen.set(instance, (seen.get(instance) ?? 0) + 1);
  }
  await killed;
  expect(failures).toEqual([]);
  expect(seen.get(survivor.url)).toBeGreaterThan(100);
  expect(seen.get(victim.url) ?? 0).toBeGreaterThan(0);
});

it('sends nothing more to the killed instance, and uses a new one as soon as it registers', async () => {
  const replacement = await startProductService();
  products.push(replacement);
  await vi.waitFor(
    async () => {
      const seen = await instancesAnswering(10);
      expect(seen.has(replacement.url)).toBe(true);
      expect(seen.has(products[0]?.url ?? '')).toBe(false);
    },
    { timeout: 20_000, interval: 500 },
  );
});
