import { createPolicy, type ResilienceHooks } from '@ecommerce/resilience';
import { createHttpClient } from '@ecommerce/resilience/http';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { CatalogProduct } from '../domain/order-pricing.ts';

/** The part of product-service's `GET /products/:id` answer that orders depend on. */
const ProductResponse = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  name: Type.String(),
  price: Type.Object({
    amount: Type.Integer({ minimum: 0 }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  }),
  active: Type.Boolean(),
});

/** product-service could not answer (down, too slow, failing, or its circuit is open). */
export class ProductCatalogUnavailableError extends Error {
  override readonly name = 'ProductCatalogUnavailableError';
  /** When a client may sensibly try again: the circuit's reset time. */
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, cause: unknown) {
    super('The product catalog is unavailable', { cause });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface ProductCatalog {
  /** Every id mapped to the product, or to undefined when the catalog does not know it. */
  findProducts(
    ids: readonly string[],
    options?: { requestId?: string },
  ): Promise<Map<string, CatalogProduct | undefined>>;
  close(): Promise<void>;
}

export interface ProductCatalogOptions {
  baseUrl: string;
  /** Time budget of each attempt. */
  timeoutMs: number;
  hooks?: ResilienceHooks;
}

const breakerResetMs = 5_000;

/**
 * Reads current prices from product-service, one `GET /products/:id` per product in parallel,
 * under one policy for the whole upstream: a timeout per attempt, retries with jittered
 * back-off (GETs are safe to repeat), and a circuit that stops calling a failing catalog.
 */
export function createProductCatalog(options: ProductCatalogOptions): ProductCatalog {
  const policy = createPolicy({
    timeout: { timeoutMs: options.timeoutMs },
    retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 500 },
    breaker: {
      name: 'product-service',
      volumeThreshold: 10,
      errorThresholdPercentage: 50,
      resetTimeoutMs: breakerResetMs,
    },
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  const http = createHttpClient({ baseUrl: options.baseUrl, policy });

  async function findProduct(id: string, requestId: string | undefined) {
    const response = await http.getJson(`/products/${encodeURIComponent(id)}`, {
      ...(requestId ? { requestId } : {}),
      parse: (body) => {
        if (!Value.Check(ProductResponse, body)) {
          throw new Error(`product-service answered product ${id} in an unexpected shape`);
        }
        return body;
      },
    });
    if (response.ok) return response.body;
    if (response.status === 404) return undefined;
    // Any other 4xx for a well-formed id means the two services disagree on the contract.
    throw new Error(`product-service answered ${response.status} for product ${id}`);
  }

  return {
    async findProducts(ids, { requestId } = {}) {
      try {
        const products = await Promise.all(ids.map((id) => findProduct(id, requestId)));
        return new Map(
          ids.map((id, index) => {
            const product = products[index];
            return [
              id,
              product && {
                id: product.id,
                sku: product.sku,
                name: product.name,
                price: { amount: product.price.amount, currency: product.price.currency },
                active: product.active,
              },
            ];
          }),
        );
      } catch (error) {
        throw new ProductCatalogUnavailableError(Math.ceil(breakerResetMs / 1000), error);
      }
    },
    async close() {
      await http.close();
      policy.shutdown();
    },
  };
}
