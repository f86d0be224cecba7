import type { ServiceApp } from '@ecommerce/service-kit';
import type { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import { detailKey, generationKey, listKey } from './domain/cache-keys.ts';
import type { ListQuery } from './domain/list-query.ts';
import type { Product } from './domain/product.ts';

export interface ProductPage {
  items: Product[];
  total: number;
}

type CacheName = 'detail' | 'list';

/** KEYS: generation, product keys...; ARGV: expected generation, ttl, product JSON... */
const putIfGenerationScript = `
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
for i = 2, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 1], 'EX', ARGV[2]) end
return 1`;

/**
 * Cache-aside storage of products and list pages in Redis. Every method swallows Redis
 * failures (counted, logged once per outage): a miss is always a safe answer, so a cache that
 * is down costs speed, never a failed read.
 */
export function createProductCache(options: {
  redis: Redis;
  ttlSeconds: number;
  metrics: Registry;
  log: ServiceApp['log'];
}) {
  const { redis, ttlSeconds, log } = options;
  const hits = new Counter({
    name: 'product_cache_hits_total',
    help: 'Product cache reads answered from Redis.',
    labelNames: ['cache'],
    registers: [options.metrics],
  });
  const misses = new Counter({
    name: 'product_cache_misses_total',
    help: 'Product cache reads that went to Postgres (absent, or Redis unavailable).',
    labelNames: ['cache'],
    registers: [options.metrics],
  });
  const errors = new Counter({
    name: 'product_cache_errors_total',
    help: 'Redis commands of the product cache that failed.',
    labelNames: ['operation'],
    registers: [options.metrics],
  });
  for (const cache of ['detail', 'list']) {
    hits.inc({ cache }, 0);
    misses.inc({ cache }, 0);
  }

  let failing = false;
  async function attempt<T>(operation: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await work();
      failing = false;
      return result;
    } catch (error) {
      errors.inc({ operation });
      if (!failing)
        log.warn({ err: error, operation }, 'product cache unavailable; using Postgres');
      failing = true;
      return undefined;
    }
  }

  function count(cache: CacheName, found: number, missing: number) {
    if (found > 0) hits.inc({ cache }, found);
    if (missing > 0) misses.inc({ cache }, missing);
  }

  return {
    /** Cached products by id; ids that are absent (or all, when Redis fails) are left out. */
    async getProducts(ids: string[]): Promise<Map<string, Product>> {
      const found = new Map<string, Product>();
      if (ids.length === 0) return found;
      const values = await attempt('get-detail', () => redis.mget(ids.map(detailKey)));
      values?.forEach((value, index) => {
        const id = ids[index];
        if (value !== null && id !== undefined) found.set(id, JSON.parse(value) as Product);
      });
      count('detail', found.size, ids.length - found.size);
      return found;
    },

    /** Stores products read at `generation`, unless a write has happened since. */
    async putProducts(generation: number, products: Product[]): Promise<void> {
      if (products.length === 0) return;
      await attempt('put-detail', () =>
        redis.eval(
          putIfGenerationScript,
          1 + products.length,
          generationKey,
          ...products.map((product) => detailKey(product.id)),
          generation,
          ttlSeconds,
          ...products.map((product) => JSON.stringify(product)),
        ),
      );
    },

    /** The current generation, or undefined when Redis cannot say (then skip the cache). */
    async generation(): Promise<number | undefined> {
      const value = await attempt('get-generation', () => redis.get(generationKey));
      if (value === undefined) return undefined;
      return value === null ? 0 : Number(value);
    },

    /** A cached page; with no generation (Redis unavailable) always a miss. */
    async getPage(
      generation: number | undefined,
      query: ListQuery,
    ): Promise<ProductPage | undefined> {
      if (generation === undefined) {
        count('list', 0, 1);
        return undefined;
      }
      const value = await attempt('get-list', () => redis.get(listKey(generation, query)));
      const page = value ? (JSON.parse(value) as ProductPage) : undefined;
      count('list', page ? 1 : 0, page ? 0 : 1);
      return page;
    },

    async putPage(generation: number, query: ListQuery, page: ProductPage): Promise<void> {
      await attempt('put-list', () =>
        redis.set(listKey(generation, query), JSON.stringify(page), 'EX', ttlSeconds),
      );
    },

    /** After a write: forget the products and make every cached list page unreachable. */
    async invalidate(productIds: string[]): Promise<void> {
      await attempt('invalidate', async () => {
        const batch = redis.multi().incr(generationKey);
        if (productIds.length > 0) batch.del(...productIds.map(detailKey));
        await batch.exec();
      });
    },
  };
}

export type ProductCache = ReturnType<typeof createProductCache>;
