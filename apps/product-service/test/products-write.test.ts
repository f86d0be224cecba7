import { isolatedInfra } from '@ecommerce/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, asCustomer, migrate, newProduct, testApp } from './support.ts';

const infra = await isolatedInfra();
await migrate(infra);
const app = await testApp(infra);

const unknownId = '3f1d8a52-7c1e-4c59-9a7b-000000000000';

async function create(body: Record<string, unknown> = newProduct()) {
  const response = await app.inject({ method: 'POST', url: '/products', headers: asAdmin, body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown> },
  status: number,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
}

describe('POST /products', () => {
  it('creates a product with its price in minor units and answers 201 with a location', async () => {
    const body = newProduct({ name: 'Trackball', price: { amount: 5999, currency: 'EUR' } });
    const response = await app.inject({ method: 'POST', url: '/products', headers: asAdmin, body });
    expect(response.statusCode).toBe(201);
    const product = response.json();
    expect(product).toMatchObject({
      sku: body.sku,
      name: 'Trackball',
      category: 'testing',
      price: { amount: 5999, currency: 'EUR' },
      active: true,
    });
    expect(product.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.location).toBe(`/products/${product.id}`);
    const read = await app.inject({ url: `/products/${product.id}` });
    expect(read.json()).toEqual(product);
  });

  it('answers 409 for a sku that exists', async () => {
    const first = await create();
    const response = await app.inject({
      method: 'POST',
      url: '/products',
      headers: asAdmin,
      body: newProduct({ sku: first.sku }),
    });
    expectProblem(response, 409);
    expect(response.json().detail).toContain(first.sku);
  });

  it('answers 400 naming every invalid field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/products',
      headers: asAdmin,
      body: {
        sku: '',
        name: 'x',
        category: 'Not A Slug',
        price: { amount: 12.5, currency: 'euro' },
        color: 'red',
      },
    });
    expectProblem(response, 400);
    const fields = response.json().errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['sku', 'category', 'price.amount', 'price.currency']),
    );
  });

  it('answers 400 for a negative price', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/products',
      headers: asAdmin,
      body: newProduct({ price: { amount: -1, currency: 'EUR' } }),
    });
    expectProblem(response, 400);
  });

  it('answers 401 without a token, even with forged identity headers', async () => {
    for (const headers of [
      {},
      { 'x-user-id': '00000000-0000-4000-8000-000000000001', 'x-user-roles': 'admin' },
      { authorization: 'Bearer not-a-token', 'x-user-roles': 'admin' },
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/products',
        headers,
        body: newProduct(),
      });
      expectProblem(response, 401);
    }
  });

  it('answers 403 to a customer', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/products',
      headers: asCustomer,
      body: newProduct(),
    });
    expectProblem(response, 403);
  });
});

describe('PATCH /products/:id', () => {
  let product: { id: string; sku: string; updatedAt: string };
  beforeAll(async () => {
    product = await create();
  });

  it('changes only the fields sent', async () => {
    const response = await app.inject({
      method: 'PATCH',
      url: `/products/${product.id}`,
      headers: asAdmin,
      body: { price: { amount: 2500, currency: 'USD' }, active: false },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: product.id,
      sku: product.sku,
      name: 'Test product',
      price: { amount: 2500, currency: 'USD' },
      active: false,
    });
  });

  it('answers 409 when the new sku belongs to another product', async () => {
    const other = await create();
    const response = await app.inject({
      method: 'PATCH',
      url: `/products/${product.id}`,
      headers: asAdmin,
      body: { sku: other.sku },
    });
    expectProblem(response, 409);
  });

  it('answers 400 for an empty body, an unknown field or a bad id', async () => {
    for (const [url, body] of [
      [`/products/${product.id}`, {}],
      [`/products/${product.id}`, { stock: 3 }],
      ['/products/not-a-uuid', { name: 'x' }],
    ] as const) {
      const response = await app.inject({ method: 'PATCH', url, headers: asAdmin, body });
      expectProblem(response, 400);
    }
  });

  it('answers 404 for an unknown product', async () => {
    const response = await app.inject({
      method: 'PATCH',
      url: `/products/${unknownId}`,
      headers: asAdmin,
      body: { name: 'Ghost' },
    });
    expectProblem(response, 404);
  });

  it('answers 401 without a token and 403 to a customer', async () => {
    const url = `/products/${product.id}`;
    const body = { name: 'Hijacked' };
    expectProblem(
      await app.inject({ method: 'PATCH', url, headers: { 'x-user-roles': 'admin' }, body }),
      401,
    );
    expectProblem(await app.inject({ method: 'PATCH', url, headers: asCustomer, body }), 403);
  });
});

describe('DELETE /products/:id', () => {
  it('deletes, after which the product is not found', async () => {
    const product = await create();
    const response = await app.inject({
      method: 'DELETE',
      url: `/products/${product.id}`,
      headers: asAdmin,
    });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expectProblem(await app.inject({ url: `/products/${product.id}` }), 404);
    expectProblem(
      await app.inject({ method: 'DELETE', url: `/products/${product.id}`, headers: asAdmin }),
      404,
    );
  });

  it('answers 400 for a bad id, 401 without a token and 403 to a customer', async () => {
    const product = await create();
    const url = `/products/${product.id}`;
    expectProblem(
      await app.inject({ method: 'DELETE', url: '/products/123', headers: asAdmin }),
      400,
    );
    expectProblem(
      await app.inject({ method: 'DELETE', url, headers: { 'x-user-id': 'someone' } }),
      401,
    );
    expectProblem(await app.inject({ method: 'DELETE', url, headers: asCustomer }), 403);
    expect((await app.inject({ url })).statusCode).toBe(200);
  });
});
