import { describe, expect, it } from 'vitest';
import { detailKey, generationKey, listKey } from '../../src/domain/cache-keys.ts';
import { parseListQuery } from '../../src/domain/list-query.ts';

function key(generation: number, input: Parameters<typeof parseListQuery>[0]) {
  const result = parseListQuery(input);
  if (!result.ok) throw new Error('invalid query in test');
  return listKey(generation, result.query);
}

describe('cache keys', () => {
  it('name a product by its id, whatever the case of the id', () => {
    expect(detailKey('5EF11F4A-56E6-5419-B6BB-AD682945D92F')).toBe(
      'detail:5ef11f4a-56e6-5419-b6bb-ad682945d92f',
    );
    expect(generationKey).toBe('generation');
  });

  it('give a list page one key per meaning: field order, defaults and spacing do not matter', () => {
    const canonical = key(3, { category: 'audio', q: 'usb hub' });
    expect(canonical).toBe('list:3:category=audio&limit=20&offset=0&q=usb+hub');
    expect(key(3, { q: ' usb  hub', limit: 20, category: 'audio', offset: 0 })).toBe(canonical);
  });

  it('give different questions and different generations different keys', () => {
    const keys = new Set([
      key(1, {}),
      key(2, {}),
      key(1, { limit: 10 }),
      key(1, { offset: 20 }),
      key(1, { category: 'audio' }),
      key(1, { minPrice: 100, currency: 'EUR' }),
      key(1, { maxPrice: 100, currency: 'EUR' }),
      key(1, { currency: 'USD' }),
      key(1, { q: 'usb' }),
    ]);
    expect(keys.size).toBe(9);
  });

  it('escape search text so it cannot forge another key', () => {
    expect(key(1, { q: 'a&limit=100' })).toBe('list:1:limit=20&offset=0&q=a%26limit%3D100');
  });
});
