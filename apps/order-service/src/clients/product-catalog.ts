import { createPolicy, type Policy, type ResilienceHooks } from '@ecommerce/resilience';
import { createHttpClient } from '@ecommerce/resilience/http';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { CatalogProduct } from '../domain/order-pricing.ts';

/** The part of product-service's `POST /products/lookup` answer that orders depend on. */
const LookupResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      sku: Type.String(),
      name: Type.String(),
      price: Type.Object({
        amount: Type.Integer({ minimum: 0 }),
        currency: Type.String({ pattern: '^[A-Z]{3}$' }),
      }),
      active: Type.Boolean(),
    }),
  ),
  missing: Type.Array(Type.String()),
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

/** The name of the catalog's circuit, in hooks and metrics. */
export const productCatalogCircuit = 'product-service';

/** Sends each request once, with the signal it is given: the lookup's policy is outside. */
const singleAttempt: Policy = {
  execute: (operation, options) => operation(options?.signal ?? new AbortController().signal),
};

/**
 * Reads current prices from product-service with one `POST /products/lookup` for all lines,
 * under one policy for the upstream: a timeout per attempt, retries with jittered back-off, and
 * a circuit that stops calling a failing catalog. The lookup is a POST only because 50 ids do
 * not fit a URL comfortably; it reads and changes nothing, so it is retried like a GET.
 */
export function createProductCatalog(options: ProductCatalogOptions): ProductCatalog {
  const policy = createPolicy({
    timeout: { timeoutMs: options.timeoutMs },
    retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 500 },
    breaker: {
      name: productCatalogCircuit,
      volumeThreshold: 10,
      errorThresholdPercentage: 50,
      resetTimeoutMs: breakerResetMs,
    },
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  const http = createHttpClient({ baseUrl: options.baseUrl, policy: singleAttempt });

  async function lookup(ids: readonly string[], requestId: string | undefined) {
    return policy.execute(async (signal) => {
      const response = await http.postJson(
        '/products/lookup',
        { ids },
        {
          signal,
          ...(requestId ? { requestId } : {}),
          parse: (body) => {
            if (!Value.Check(LookupResponse, body)) {
              throw new Error('product-service answered the lookup in an unexpected shape');
            }
            return body;
          },
        },
      );
      // A 4xx for well-formed ids means the two services disagree on the contract.
      if (!response.ok)
        throw new Error(`product-service answered the lookup with ${response.status}`);
      return response.body;
    });
  }

  return {
    async findProducts(ids, { requestId } = {}) {
      let found: Awaited<ReturnType<typeof lookup>>;
      try {
        found = await lookup(ids, requestId);
      } catch (error) {
        throw new ProductCatalogUnavailableError(Math.ceil(breakerResetMs / 1000), error);
      }
      const byId = new Map(found.items.map((product) => [product.id.toLowerCase(), product]));
      return new Map(
        ids.map((id) => {
          const product = byId.get(id.toLowerCase());
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
    },
    async close() {
      await http.close();
      policy.shutdown();
    },
  };
}
