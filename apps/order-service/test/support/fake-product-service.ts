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
 * A real HTTP server on 127.0.0.1 that answers `POST /products/lookup` as product-service's
 * contract says: `{ ids }` in, `{ items, missing }` out, items being full products, active or
 * not. `failWith` makes it answer every request with that status, as a failing instance would;
 * `failNext` does so for that many requests only; `delayMs` and `malformed` make it slow or
 * break the contract. Closed after the test file.
 */
export async function startFakeProductService() {
  const products = new Map<string, FakeProduct>();
  const state = {
    failWith: undefined as number | undefined,
    failNext: 0,
    /** Answers only after this long, as an overloaded instance would. */
    delayMs: 0,
    /** Answers 200 with a body that is not the contract's. */
    malformed: false,
    requests: 0,
    lookups: [] as string[][],
  };

  const server = createServer(async (request, response) => {
    state.requests += 1;
    let body = '';
    for await (const chunk of request) body += chunk;
    const send = (status: number, type: string, payload: unknown) => {
      response.writeHead(status, { 'content-type': type });
      response.end(JSON.stringify(payload));
    };
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    if (state.malformed) {
      send(200, 'application/json', { products: [] });
      return;
    }
    if (state.failWith !== undefined || state.failNext > 0) {
      const status = state.failWith ?? 503;
      if (state.failWith === undefined) state.failNext -= 1;
      send(status, 'application/problem+json', { type: 'about:blank', title: 'Failing', status });
      return;
    }
    if (request.method !== 'POST' || request.url !== '/products/lookup') {
      send(404, 'application/problem+json', {
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
      });
      return;
    }
    const { ids } = JSON.parse(body) as { ids: string[] };
    state.lookups.push(ids);
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    send(200, 'application/json; charset=utf-8', {
      items: unique.flatMap((id) => {
        const product = products.get(id);
        return product
          ? [
              {
                ...product,
                description: `${product.name}, for tests`,
                category: 'tests',
                createdAt: '2025-01-01T00:00:00.000Z',
                updatedAt: '2025-01-01T00:00:00.000Z',
              },
            ]
          : [];
      }),
      missing: unique.filter((id) => !products.has(id)),
    });
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
