import type { ListQuery } from './domain/list-query.ts';
import type { Product, ProductChanges, ProductInput } from './domain/product.ts';
import type { ProductCache, ProductPage } from './product-cache.ts';
import type { ProductRepository } from './product-repository.ts';

/**
 * The catalog as routes see it: reads go through the cache (cache-aside), writes go to
 * Postgres and then invalidate. A write is visible to the next read: its product keys are
 * deleted and the generation moves, which retires every cached list page.
 */
export function createCatalog(repository: ProductRepository, cache: ProductCache) {
  async function readThrough(ids: string[]): Promise<Map<string, Product>> {
    const found = await cache.getProducts(ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length === 0) return found;
    const generation = await cache.generation();
    const loaded = await repository.findByIds(missing);
    if (generation !== undefined) await cache.putProducts(generation, loaded);
    for (const product of loaded) found.set(product.id, product);
    return found;
  }

  return {
    async get(id: string): Promise<Product | undefined> {
      const key = id.toLowerCase();
      return (await readThrough([key])).get(key);
    },

    /** Products for these ids, in the order asked; ids with no product are listed apart. */
    async lookup(ids: string[]): Promise<{ items: Product[]; missing: string[] }> {
      const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
      const found = await readThrough(unique);
      return {
        items: unique.flatMap((id) => found.get(id) ?? []),
        missing: unique.filter((id) => !found.has(id)),
      };
    },

    async list(query: ListQuery): Promise<ProductPage> {
      const generation = await cache.generation();
      const cached = await cache.getPage(generation, query);
      if (cached) return cached;
      const page = await repository.list(query);
      if (generation !== undefined) await cache.putPage(generation, query, page);
      return page;
    },

    async create(input: ProductInput): Promise<Product> {
      const product = await repository.create(input);
      await cache.invalidate([product.id]);
      return product;
    },

    async update(id: string, changes: ProductChanges): Promise<Product | undefined> {
      const product = await repository.update(id, changes);
      if (product) await cache.invalidate([id]);
      return product;
    },

    async delete(id: string): Promise<boolean> {
      const deleted = await repository.delete(id);
      if (deleted) await cache.invalidate([id]);
      return deleted;
    },
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
