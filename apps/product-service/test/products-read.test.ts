import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db.ts';
import { readCatalogSeed, seedCatalog } from '../src/seed.ts';
import { migrate, testApp } from './support.ts';

const infra = await isolatedInfra();
await migrate(infra);
const seed = await readCatalogSeed();
const db = createDatabase({ url: infra.postgres.urlFor('product-service'), poolMax: 2 });
await seedCatalog(db, seed);
await db.$disconnect();
const app = await testApp(infra);

type Item = { id: string; sku: string; name: string; category: string; price: { amount: number } };

async function list(query: string) {
  const response = await app.inject({ url: `/products${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    items: Item[];
    total: number;
    limit: number;
    offset: number;
    nextOffset?: number;
  };
}

async function listProblem(query: string) {
  const response = await app.inject({ url: `/products${query}` });
  expect(response.statusCode).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json() as { errors: { field: string }[] };
}

const sortedNames = seed.map((product) => product.name).sort((a, b) => (a < b ? -1 : 1));

describe('GET /products paging', () => {
  it('gives 20 items by default, ordered by name, with the total', async () => {
    const page = await list('');
    expect(page.total).toBe(20);
    expect(page.limit).toBe(20);
    expect(page.offset).toBe(0);
    expect(page.nextOffset).toBeUndefined();
    expect(page.items.map((item) => item.name)).toEqual(sortedNames);
  });

  it('walks pages with limit and offset, without overlap, until nextOffset is absent', async () => {
    const seen: string[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const page = await list(`?limit=7&offset=${offset}`);
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((item) => item.name));
      offset = page.nextOffset;
    }
    expect(seen).toEqual(sortedNames);
  });

  it('answers an empty page past the end', async () => {
    const page = await list('?offset=40');
    expect(page.items).toEqual([]);
    expect(page.total).toBe(20);
  });

  it('rejects a limit above 100, a limit of 0, a negative or huge offset, and non-numbers', async () => {
    for (const query of ['?limit=101', '?limit=0', '?offset=-1', '?offset=10001', '?limit=ten']) {
      await listProblem(query);
    }
  });
});

describe('GET /products filters', () => {
  it('filters by category', async () => {
    const page = await list('?category=audio');
    expect(page.items.map((item) => item.sku).sort()).toEqual(['HS-005', 'MC-018', 'SP-006']);
    expect(page.total).toBe(3);
  });

  it('filters by a price range in minor units of one currency, bounds included', async () => {
    const page = await list('?minPrice=3999&maxPrice=5999&currency=EUR');
    const amounts = page.items.map((item) => item.price.amount);
    const expected = seed.filter((p) => p.price.amount >= 3999 && p.price.amount <= 5999);
    expect(page.total).toBe(expected.length);
    expect(amounts).toContain(3999);
    expect(amounts).toContain(5999);
    for (const amount of amounts) expect(amount).toBeGreaterThanOrEqual(3999);
  });

  it('finds nothing in another currency', async () => {
    expect((await list('?maxPrice=100000&currency=USD')).total).toBe(0);
  });

  it('combines category and price', async () => {
    // A range with max below min is empty, not an error.
    expect((await list('?minPrice=500&maxPrice=100&currency=EUR')).items).toEqual([]);
    const page = await list('?category=peripherals&maxPrice=5000&currency=EUR');
    expect(page.items.map((item) => item.sku)).toEqual(['MS-002']);
  });

  it('rejects a price range without currency (422) and a malformed currency', async () => {
    const incomplete = await app.inject({ url: '/products?minPrice=100' });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().errors[0]?.field).toBe('currency');
    await listProblem('?currency=eur');
    await listProblem('?minPrice=1.5&currency=EUR');
    await listProblem('?category=NOT%20A%20SLUG');
  });
});

describe('GET /products full-text search', () => {
  it('finds products by words of the name and description, stemmed', async () => {
    const page = await list('?q=keyboards');
    expect(page.items.map((item) => item.sku)).toEqual(['KB-001']);
    const byDescription = await list('?q=microphone');
    expect(byDescription.items.map((item) => item.sku).sort()).toEqual(['HS-005', 'MC-018']);
  });

  it('ranks a match in the name above a match in the description', async () => {
    const page = await list('?q=microphone');
    // "USB microphone" has the word in its name, the headset only in its description.
    expect(page.items[0]?.sku).toBe('MC-018');
  });

  it('understands web search syntax: phrases, exclusions and or', async () => {
    expect((await list('?q="usb-c cable"')).items.map((i) => i.sku)).toEqual(['CB-007']);
    const withoutHub = await list('?q=usb -hub');
    expect(withoutHub.items.map((i) => i.sku)).not.toContain('HB-008');
    expect(withoutHub.total).toBeGreaterThan(0);
    const either = await list('?q=router or webcam');
    expect(either.items.map((i) => i.sku).sort()).toEqual(['RT-019', 'WC-009']);
  });

  it('combines search with filters and treats stray punctuation as text', async () => {
    expect((await list('?q=usb&category=storage')).items.map((i) => i.sku)).toEqual(['SS-013']);
    expect((await list('?q=%27%29%28%26!')).total).toBe(0);
  });

  it('rejects a search longer than 200 characters', async () => {
    await listProblem(`?q=${'a'.repeat(201)}`);
  });
});

describe('GET /products/:id', () => {
  it('returns one product with its price', async () => {
    const [first] = seed;
    const response = await app.inject({ url: `/products/${first?.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: first?.id,
      sku: first?.sku,
      price: first?.price,
      active: true,
    });
  });

  it('answers 404 problem+json for an unknown id and 400 for a malformed one', async () => {
    const missing = await app.inject({ url: '/products/3f1d8a52-7c1e-4c59-9a7b-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await app.inject({ url: '/products/abc' })).statusCode).toBe(400);
  });
});

describe('POST /products/lookup', () => {
  it('returns the products asked for, in order, and names the ids that have none', async () => {
    const ids = [seed[3]?.id, seed[0]?.id, '3f1d8a52-7c1e-4c59-9a7b-000000000000', seed[3]?.id];
    const response = await app.inject({ method: 'POST', url: '/products/lookup', body: { ids } });
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result.items.map((item: Item) => item.id)).toEqual([seed[3]?.id, seed[0]?.id]);
    expect(result.items[0].price).toEqual(seed[3]?.price);
    expect(result.missing).toEqual(['3f1d8a52-7c1e-4c59-9a7b-000000000000']);
  });

  it('answers 400 for no ids, more than 100, or a malformed id', async () => {
    const many = Array.from({ length: 101 }, () => seed[0]?.id);
    for (const body of [{ ids: [] }, { ids: many }, { ids: ['nope'] }, {}]) {
      const response = await app.inject({ method: 'POST', url: '/products/lookup', body });
      expect(response.statusCode).toBe(400);
    }
  });
});

describe('service endpoints', () => {
  it('is ready when Postgres and Redis answer', async () => {
    const response = await app.inject({ url: '/health/ready' });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('documents every route in /openapi.json', async () => {
    const document = (await app.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(document.paths).sort()).toEqual([
      '/products',
      '/products/lookup',
      '/products/{id}',
    ]);
    expect(Object.keys(document.paths['/products/{id}']).sort()).toEqual([
      'delete',
      'get',
      'patch',
    ]);
  });
});
