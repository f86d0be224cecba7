import { describe, expect, it } from 'vitest';
import { nextOffset, parseListQuery } from '../../src/domain/list-query.ts';

const fieldsOf = (input: Parameters<typeof parseListQuery>[0]) => {
  const result = parseListQuery(input);
  return result.ok ? [] : result.problems.map((problem) => problem.field);
};

describe('parseListQuery', () => {
  it('applies the default page of 20 from offset 0 and leaves absent filters out', () => {
    expect(parseListQuery({})).toEqual({ ok: true, query: { limit: 20, offset: 0 } });
  });

  it('accepts limits from 1 to 100 and offsets from 0 to 10000', () => {
    expect(fieldsOf({ limit: 1, offset: 0 })).toEqual([]);
    expect(fieldsOf({ limit: 100, offset: 10_000 })).toEqual([]);
    expect(fieldsOf({ limit: 0 })).toEqual(['limit']);
    expect(fieldsOf({ limit: 101 })).toEqual(['limit']);
    expect(fieldsOf({ limit: 2.5 })).toEqual(['limit']);
    expect(fieldsOf({ offset: -1 })).toEqual(['offset']);
    expect(fieldsOf({ offset: 10_001 })).toEqual(['offset']);
  });

  it('requires a currency with a price bound, since amounts of different currencies do not compare', () => {
    expect(fieldsOf({ minPrice: 100 })).toEqual(['currency']);
    expect(fieldsOf({ maxPrice: 100 })).toEqual(['currency']);
    expect(fieldsOf({ minPrice: 100, currency: 'EUR' })).toEqual([]);
    expect(fieldsOf({ currency: 'EUR' })).toEqual([]);
  });

  it('rejects a fractional price range and a malformed currency; an inverted one is empty', () => {
    expect(fieldsOf({ minPrice: 500, maxPrice: 100, currency: 'EUR' })).toEqual([]);
    expect(fieldsOf({ minPrice: 100, maxPrice: 100, currency: 'EUR' })).toEqual([]);
    expect(fieldsOf({ minPrice: 1.5, currency: 'EUR' })).toEqual(['minPrice']);
    expect(fieldsOf({ maxPrice: -1, currency: 'EUR' })).toEqual(['maxPrice']);
    expect(fieldsOf({ currency: 'eur' })).toEqual(['currency']);
  });

  it('reports every problem at once', () => {
    expect(fieldsOf({ limit: 0, offset: -1, minPrice: 5 })).toEqual([
      'limit',
      'offset',
      'currency',
    ]);
  });

  it('normalizes the search text and drops blank search and category', () => {
    expect(parseListQuery({ q: '  usb   hub ', category: ' audio ' })).toEqual({
      ok: true,
      query: { limit: 20, offset: 0, q: 'usb hub', category: 'audio' },
    });
    expect(parseListQuery({ q: '   ', category: '' })).toEqual({
      ok: true,
      query: { limit: 20, offset: 0 },
    });
    expect(fieldsOf({ q: 'a'.repeat(201) })).toEqual(['q']);
  });
});

describe('nextOffset', () => {
  it('points at the next page while there is one', () => {
    expect(nextOffset({ limit: 20, offset: 0 }, 45)).toBe(20);
    expect(nextOffset({ limit: 20, offset: 20 }, 45)).toBe(40);
    expect(nextOffset({ limit: 20, offset: 40 }, 45)).toBeUndefined();
    expect(nextOffset({ limit: 20, offset: 0 }, 20)).toBeUndefined();
    expect(nextOffset({ limit: 20, offset: 0 }, 0)).toBeUndefined();
  });
});
