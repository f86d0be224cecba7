import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';

export interface FakeProduct {
  id: string;
  sku: string;
  name: string;
  price: { amount: number; currency: string };
  active: boolean;
}

/**
 * A real HTTP server on 127.0.0.1 that answers `GET /products/:id` as product-service's contract
 * says (the product, or a 404 problem). `failWith` makes it answer every request with that
 * status instead, as a failing instance would. Closed after the test file.
 */
export async function startFakeProductService() {
  const products = new Map<string, FakeProduct>();
  const state = { failWith: undefined as number | undefined, requests: 0 };

  const server = createServer((request, response) => {
    state.requests += 1;
    const match = /^\/products\/([^/?]+)$/.exec(request.url ?? '');
    if (state.failWith !== undefined) {
      response.writeHead(state.failWith, { 'content-type': 'application/problem+json' });
      response.end(
        JSON.stringify({ type: 'about:blank', title: 'Failing', status: state.failWith }),
      );
      return;
    }
    const product = request.method === 'GET' && match?.[1] ? products.get(match[1]) : undefined;
    if (!product) {
      response.writeHead(404, { 'content-type': 'application/problem+json' });
      response.end(
        JSON.stringify({ type: 'about:blank', title: 'Product not found', status: 404 }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(
      JSON.stringify({
        ...product,
        description: `${product.name}, for tests`,
        category: 'tests',
        createdAt: '2025-01-01T00:00:00.000Z',
        updatedAt: '2025-01-01T00:00:00.000Z',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  afterAll(close);

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    /** Adds a product to the catalog and returns it. */
    addProduct(overrides: Partial<FakeProduct> = {}): FakeProduct {
      const id = overrides.id ?? randomUUID();
      const product: FakeProduct = {
        id,
        sku: `SKU-${id.slice(0, 8)}`,
        name: `Product ${id.slice(0, 8)}`,
        price: { amount: 1250, currency: 'EUR' },
        active: true,
        ...overrides,
      };
      products.set(id, product);
      return product;
    },
    close,
  };
}

/** The base URL of a server that was started and closed again: nothing listens there. */
export async function closedServerUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
