import { isolatedInfra } from '@ecommerce/testkit';
import { expect, it } from 'vitest';
import { asAdmin, migrate, newProduct, testApp } from './support.ts';

const infra = await isolatedInfra();
await migrate(infra);
// Nothing listens on port 1: every Redis command fails at once.
const app = await testApp(infra, { REDIS_URL: 'redis://127.0.0.1:1' });

it('reads and writes through Postgres when Redis is unreachable', async () => {
  const created = await app.inject({
    method: 'POST',
    url: '/products',
    headers: asAdmin,
    body: newProduct({ name: 'Uncached', category: 'no-cache' }),
  });
  expect(created.statusCode, created.body).toBe(201);
  const { id } = created.json();

  for (let read = 0; read < 2; read += 1) {
    const detail = await app.inject({ url: `/products/${id}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().name).toBe('Uncached');
    const page = await app.inject({ url: '/products?category=no-cache' });
    expect(page.statusCode).toBe(200);
    expect(page.json().items.map((item: { id: string }) => item.id)).toEqual([id]);
  }
  const lookup = await app.inject({ method: 'POST', url: '/products/lookup', body: { ids: [id] } });
  expect(lookup.json().items).toHaveLength(1);

  const updated = await app.inject({
    method: 'PATCH',
    url: `/products/${id}`,
    headers: asAdmin,
    body: { name: 'Still uncached' },
  });
  expect(updated.statusCode).toBe(200);
  expect((await app.inject({ url: `/products/${id}` })).json().name).toBe('Still uncached');

  const errors = await app.metrics.getSingleMetric('product_cache_errors_total')?.get();
  expect(errors?.values.reduce((sum, value) => sum + value.value, 0)).toBeGreaterThan(0);
});

it('reports Redis as not ready', async () => {
  const response = await app.inject({ url: '/health/ready' });
  expect(response.statusCode).toBe(503);
  expect(response.body).toContain('redis');
});
