import type { ListQuery } from './list-query.ts';

/**
 * Cache key names, without the configured prefix (the Redis client adds it).
 *
 * Every write increments the catalog generation. List pages carry it in their key, so one
 * write makes all cached pages unreachable at once, without finding and deleting them; a page
 * computed from data read before a write lands under the old generation and is never served.
 * Products are stored only if the generation has not moved since their row was read, so a
 * read racing a write cannot put the old row back after the write deleted it.
 */
export const generationKey = 'generation';

export function detailKey(productId: string): string {
  return `detail:${productId.toLowerCase()}`;
}

const listQueryFields = ['category', 'currency', 'limit', 'maxPrice', 'minPrice', 'offset', 'q'];

/** The same question always gives the same key: fixed field order, defaults already applied. */
export function listKey(generation: number, query: ListQuery): string {
  const params = new URLSearchParams();
  for (const field of listQueryFields) {
    const value = query[field as keyof ListQuery];
    if (value !== undefined) params.append(field, String(value));
  }
  return `list:${generation}:${params.toString()}`;
}
