import { isolatedInfra } from '@ecommerce/testkit';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createProductCache } from '../src/product-cache.ts';
import { asAdmin, cachePrefix, migrate, newProduct, testApp } from './support.ts';

const infra = await isolatedInfra();
await migrate(infra);
const app = await testApp(infra);
// The test's own client: its keys carry infra.redis.keyPrefix; the service adds 'product:'.
const redis = infra.redis.client();

async function create(overrides: Record<string, unknown> = {}) {
  const response = await app.inject({
    method: 'POST',
    url: '/products',
    headers: asAdmin,
    body: newProduct(overrides),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; name: string };
}

async function cacheCounter(name: string, cache: string): Promise<number> {
  const metric = await app.metrics.getSingleMetric(name)?.get();
  return metric?.values.find((value) => value.labels.cache === cache)?.value ?? 0;
}

const detail = (id: string) => app.inject({ url: `/products/${id}` });

describe('product detail cache', () => {
  it('stores a product on the first read and answers the second from Redis', async () => {
    const product = await create();
    expect(await redis.exists(`product:detail:${product.id}`)).toBe(0);
    const hitsBefore = await cacheCounter('product_cache_hits_total', 'detail');
    const missesBefore = await cacheCounter('product_cache_misses_total', 'detail');

    expect((await detail(product.id)).statusCode).toBe(200);
    expect(await cacheCounter('product_cache_misses_total', 'detail')).toBe(missesBefore + 1);
    expect(await redis.exists(`product:detail:${product.id}`)).toBe(1);
    const ttl = await redis.ttl(`product:detail:${product.id}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);

    expect((await detail(product.id)).json()).toMatchObject({ id: product.id });
    expect(await cacheCounter('product_cache_hits_total', 'detail')).toBe(hitsBefore + 1);
  });

  it('serves an update at once: read, update, read gives the new value', async () => {
    const product = await create({ name: 'Old name' });
    expect((await detail(product.id)).json().name).toBe('Old name');
    expect((await detail(product.id)).json().name).toBe('Old name'); // now cached

    const update = await app.inject({
      method: 'PATCH',
      url: `/products/${product.id}`,
      headers: asAdmin,
      body: { name: 'New name', price: { amount: 777, currency: 'EUR' } },
    });
    expect(update.statusCode).toBe(200);
    expect(await redis.exists(`product:detail:${product.id}`)).toBe(0);
    expect((await detail(product.id)).json()).toMatchObject({
      name: 'New name',
      price: { amount: 777, currency: 'EUR' },
    });
  });

  it('forgets a deleted product at once', async () => {
    const product = await create();
    await detail(product.id);
    await detail(product.id);
    const removed = await app.inject({
      method: 'DELETE',
      url: `/products/${product.id}`,
      headers: asAdmin,
    });
    expect(removed.statusCode).toBe(204);
    expect((await detail(product.id)).statusCode).toBe(404);
  });

  it('answers a batch lookup partly from the cache and caches the rest', async () => {
    const [a, b] = [await create(), await create()];
    await detail(a.id);
    const hitsBefore = await cacheCounter('product_cache_hits_total', 'detail');
    const response = await app.inject({
      method: 'POST',
      url: '/products/lookup',
      body: { ids: [a.id, b.id] },
    });
    expect(response.json().items.map((item: { id: string }) => item.id)).toEqual([a.id, b.id]);
    expect(await cacheCounter('product_cache_hits_total', 'detail')).toBe(hitsBefore + 1);
    expect(await redis.exists(`product:detail:${b.id}`)).toBe(1);
  });
});

describe('product list cache', () => {
  const category = 'cached-lists';
  const listUrl = `/products?category=${category}`;
  const names = async () =>
    (await app.inject({ url: listUrl })).json().items.map((item: { name: string }) => item.name);

  it('answers the same question from Redis the second time, whatever the parameter order', async () => {
    await create({ category, name: 'Alpha' });
    const hitsBefore = await cacheCounter('product_cache_hits_total', 'list');
    expect(await names()).toEqual(['Alpha']);
    const generation = (await redis.get('product:generation')) ?? '0';
    expect(
      await redis.exists(`product:list:${generation}:category=${category}&limit=20&offset=0`),
    ).toBe(1);

    const reordered = await app.inject({ url: `/products?offset=0&category=${category}&limit=20` });
    expect(reordered.json().items).toHaveLength(1);
    expect(await cacheCounter('product_cache_hits_total', 'list')).toBe(hitsBefore + 1);
  });

  it('shows a write in every list page at once (create, update, delete)', async () => {
    const beta = await create({ category, name: 'Beta' });
    expect(await names()).toEqual(['Alpha', 'Beta']);
    expect(await names()).toEqual(['Alpha', 'Beta']); // cached

    const generationBefore = Number((await redis.get('product:generation')) ?? 0);
    await app.inject({
      method: 'PATCH',
      url: `/products/${beta.id}`,
      headers: asAdmin,
      body: { name: 'Aardvark' },
    });
    expect(Number(await redis.get('product:generation'))).toBe(generationBefore + 1);
    expect(await names()).toEqual(['Aardvark', 'Alpha']);

    await app.inject({
      method: 'PATCH',
      url: `/products/${beta.id}`,
      headers: asAdmin,
      body: { active: false },
    });
    expect(await names()).toEqual(['Alpha']);

    await create({ category, name: 'Gamma' });
    expect(await names()).toEqual(['Alpha', 'Gamma']);
  });
});

describe('a read racing a write', () => {
  it('does not store a product read before a write that finished meanwhile', async () => {
    const cache = createProductCache({
      redis: infra.redis.client({ keyPrefix: cachePrefix(infra) }),
      ttlSeconds: 60,
      metrics: new Registry(),
      log: app.log,
    });
    const product = await create({ name: 'Before' });
    const row = (await detail(product.id)).json();
    const readBegan = await cache.generation();
    expect(readBegan).toBeDefined();
    // A write commits and invalidates after the read began and before it stores its result.
    await cache.invalidate([product.id]);
    await cache.putProducts(readBegan ?? 0, [row]);
    expect(await redis.exists(`product:detail:${product.id}`)).toBe(0);

    await cache.putProducts((await cache.generation()) ?? 0, [row]);
    expect(await redis.exists(`product:detail:${product.id}`)).toBe(1);
  });
});
