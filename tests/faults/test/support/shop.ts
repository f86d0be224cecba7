import { randomUUID } from 'node:crypto';
import { admin } from './system.ts';

export interface Customer {
  id: string;
  email: string;
  token: string;
}

export interface OrderLine {
  productId: string;
  quantity: number;
}

/** A client of the public API, through the gateway. */
export class Shop {
  readonly #gateway: string;
  #adminToken = '';

  constructor(gatewayUrl: string) {
    this.#gateway = gatewayUrl;
  }

  async signInAdmin(): Promise<void> {
    this.#adminToken = (await this.#call('POST', '/api/auth/login', { body: admin })).accessToken;
  }

  async newCustomer(): Promise<Customer> {
    const credentials = {
      email: `${randomUUID()}@faults.test`,
      password: 'faults-customer-password',
    };
    const registered = await this.#call('POST', '/api/auth/register', { body: credentials });
    const login = await this.#call('POST', '/api/auth/login', { body: credentials });
    return { id: registered.id, email: credentials.email, token: login.accessToken };
  }

  /** A product with `onHand` units in stock. */
  async newProduct(onHand: number, amount = 1250): Promise<string> {
    const created = await this.#call('POST', '/api/products', {
      token: this.#adminToken,
      body: {
        sku: `FAULT-${randomUUID().slice(0, 8)}`,
        name: 'Fault test kettle',
        description: 'A kettle that exists only in this test.',
        category: 'kitchen',
        price: { amount, currency: 'EUR' },
      },
    });
    await this.#call('PUT', `/api/inventory/${created.id}`, {
      token: this.#adminToken,
      body: { onHand },
    });
    return created.id;
  }

  /** Places an order; resolves with its id once the gateway answered 201. */
  async placeOrder(customer: Customer, lines: OrderLine[]): Promise<string> {
    const placed = await this.#call('POST', '/api/orders', {
      token: customer.token,
      headers: { 'idempotency-key': randomUUID() },
      body: { lines },
    });
    return placed.id;
  }

  /** An admin refunds the order's payment (a return of a confirmed order), restocking or not. */
  async refund(orderId: string, restock: boolean): Promise<void> {
    await this.#call('POST', `/api/payments/${orderId}/refund`, {
      token: this.#adminToken,
      body: { restock },
    });
  }

  /**
   * Places an order and tells how it was answered, refusals included: through the gateway, or
   * at `ordersUrl` (order-service's own POST /orders) when given.
   */
  async attemptOrder(
    customer: Customer,
    lines: OrderLine[],
    ordersUrl = `${this.#gateway}/api/orders`,
  ): Promise<{ status: number; id?: string; problem?: string }> {
    const response = await fetch(ordersUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${customer.token}`,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ lines }),
    });
    const text = await response.text();
    return response.status === 201
      ? { status: 201, id: JSON.parse(text).id }
      : { status: response.status, problem: text };
  }

  /** Whether the gateway routes order requests (lists the customer's orders). */
  async ordersRouted(customer: Customer): Promise<boolean> {
    const response = await fetch(`${this.#gateway}/api/orders`, {
      headers: { authorization: `Bearer ${customer.token}` },
    });
    await response.arrayBuffer();
    return response.ok;
  }

  async #call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
    // biome-ignore lint/suspicious/noExplicitAny: response bodies of several endpoints
  ): Promise<any> {
    const response = await fetch(`${this.#gateway}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify(options.body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return text ? JSON.parse(text) : undefined;
  }
}

/**
 * Runs `count` tasks with at most `concurrency` in flight; `onDone` sees the number finished
 * so far after each one.
 */
export async function runBounded<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
  onDone: (finished: number) => void = () => {},
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  let finished = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
      finished += 1;
      onDone(finished);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
