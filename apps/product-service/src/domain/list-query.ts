/**
 * Rules of the public product list: paging bounds, filters that make sense together, and one
 * normal form per meaning (so equal questions share a cache entry).
 */
export const defaultLimit = 20;
export const maxLimit = 100;
/** Deep offsets make Postgres read and discard every row before them; search narrows instead. */
export const maxOffset = 10_000;
export const maxSearchLength = 200;

export interface ListQueryInput {
  limit?: number | undefined;
  offset?: number | undefined;
  category?: string | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  currency?: string | undefined;
  q?: string | undefined;
}

/** A valid list query with defaults applied; absent filters are absent, not undefined. */
export interface ListQuery {
  limit: number;
  offset: number;
  category?: string;
  currency?: string;
  minPrice?: number;
  maxPrice?: number;
  q?: string;
}

export interface QueryProblem {
  field: string;
  message: string;
  /**
   * True when each field is valid alone and only their combination is not (a price bound
   * without its currency): the request is well-formed, its meaning incomplete.
   */
  combination?: boolean;
}

export type ListQueryResult =
  | { ok: true; query: ListQuery }
  | { ok: false; problems: QueryProblem[] };

const isWholeNumber = (value: number) => Number.isSafeInteger(value) && value >= 0;

export function parseListQuery(input: ListQueryInput): ListQueryResult {
  const problems: QueryProblem[] = [];
  const limit = input.limit ?? defaultLimit;
  const offset = input.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    problems.push({ field: 'limit', message: `must be an integer from 1 to ${maxLimit}` });
  }
  if (!Number.isInteger(offset) || offset < 0 || offset > maxOffset) {
    problems.push({ field: 'offset', message: `must be an integer from 0 to ${maxOffset}` });
  }
  for (const field of ['minPrice', 'maxPrice'] as const) {
    const value = input[field];
    if (value !== undefined && !isWholeNumber(value)) {
      problems.push({ field, message: 'must be a whole number of minor units (cents), >= 0' });
    }
  }
  // A range with maxPrice below minPrice is empty, not an error: it matches no product.
  const { minPrice, maxPrice } = input;
  const currency = input.currency;
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) {
    problems.push({ field: 'currency', message: 'must be an ISO 4217 code such as EUR' });
  }
  // Amounts in different currencies do not compare, so a price range names its currency.
  if ((minPrice !== undefined || maxPrice !== undefined) && currency === undefined) {
    problems.push({
      field: 'currency',
      message: 'is required with minPrice or maxPrice',
      combination: true,
    });
  }
  const q = input.q?.trim().replace(/\s+/g, ' ');
  if (q !== undefined && q.length > maxSearchLength) {
    problems.push({ field: 'q', message: `must be at most ${maxSearchLength} characters` });
  }
  const category = input.category?.trim();
  if (problems.length > 0) return { ok: false, problems };

  return {
    ok: true,
    query: {
      limit,
      offset,
      ...(category ? { category } : {}),
      ...(currency === undefined ? {} : { currency }),
      ...(minPrice === undefined ? {} : { minPrice }),
      ...(maxPrice === undefined ? {} : { maxPrice }),
      ...(q ? { q } : {}),
    },
  };
}

/** Offset of the next page, or undefined on the last one. */
export function nextOffset(query: ListQuery, total: number): number | undefined {
  const next = query.offset + query.limit;
  return next < total ? next : undefined;
}
