import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@ecommerce/testkit';

const seed = (file: string) => JSON.parse(readFileSync(join(repoRoot, 'infra/seed', file), 'utf8'));
const users: { email: string; password: string }[] = seed('users.json').users;
const products: { id: string; sku: string }[] = seed('catalog.json').products;

/** DEVELOPMENT DEFAULT accounts of infra/seed/users.json. Alan's payments are declined. */
export const ada = users.find((user) => user.email.startsWith('ada@'));
export const alan = users.find((user) => user.email.startsWith('alan@'));
/** Products with stock for every order the suite places (200 and 100 seeded). */
export const cable = products.find((product) => product.sku === 'CB-007');
export const stand = products.find((product) => product.sku === 'SD-014');

export const terminal = new Set(['CONFIRMED', 'CANCELLED']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the gateway answers: the fields the suite reads. */
interface Answer {
  status: number;
  body: { accessToken?: string; id?: string; status?: string } | undefined;
}

export class GatewayClient {
  readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  async request(
    path: string,
    init: { token?: string; body?: unknown; key?: string } = {},
  ): Promise<Answer> {
    const response = await fetch(`${this.url}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.key ? { 'idempotency-key': init.key } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json().catch(() => undefined)) as Answer['body'];
    return { status: response.status, body };
  }

  async login(user: { email: string; password: string } | undefined): Promise<string> {
    if (!user) throw new Error('infra/seed/users.json changed');
    const { status, body } = await this.request('/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    if (status !== 200) throw new Error(`login ${user.email}: ${status} ${JSON.stringify(body)}`);
    return String(body?.accessToken);
  }

  /**
   * Places one order as a client that cares would: a network error or a 5xx is retried with
   * the same Idempotency-Key (so a retry never makes a second order), for up to a minute.
   */
  async placeOrder(token: string, productId: string): Promise<{ id: string; attempts: number }> {
    const key = randomUUID();
    const deadline = Date.now() + 60_000;
    let attempts = 0;
    let last = '';
    while (Date.now() < deadline) {
      attempts += 1;
      try {
        const { status, body } = await this.request('/api/orders', {
          token,
          key,
          body: { lines: [{ productId, quantity: 1 }] },
        });
        if ((status === 201 || status === 200) && body?.id) return { id: body.id, attempts };
        last = `${status} ${JSON.stringify(body)}`;
        if (status < 500 && status !== 429) throw new Error(`order refused: ${last}`);
      } catch (error) {
        if (String(error).includes('order refused')) throw error;
        last = String(error);
      }
      await sleep(Math.min(500 * attempts, 3000));
    }
    throw new Error(`order not accepted within a minute: ${last}`);
  }

  async orderStatus(token: string, id: string): Promise<string | undefined> {
    try {
      const { status, body } = await this.request(`/api/orders/${id}`, { token });
      return status === 200 ? body?.status : undefined;
    } catch {
      return undefined;
    }
  }
}

export interface LoadResult {
  /** Every order the gateway accepted, with the token of its customer. */
  orders: { id: string; token: string }[];
  /** Requests it took beyond one per order (retries through faults). */
  retries: number;
}

/**
 * `count` orders at `concurrency` in flight, Ada's (confirmed) and Alan's (declined) mixed;
 * `during(placed)` runs after each acceptance, so faults can be injected mid-load. `paceMs`
 * spreads the orders out (each worker waits that long between orders), so a load can span
 * a fault and what follows it.
 */
export async function placeLoad(
  client: GatewayClient,
  tokens: { ada: string; alan: string },
  count: number,
  concurrency: number,
  during: (placed: number) => void = () => {},
  paceMs = 0,
): Promise<LoadResult> {
  if (!cable || !stand) throw new Error('infra/seed/catalog.json changed');
  const orders: LoadResult['orders'] = [];
  let next = 0;
  let retries = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const declined = index % 5 === 4;
      const token = declined ? tokens.alan : tokens.ada;
      const placed = await client.placeOrder(token, declined ? stand.id : cable.id);
      retries += placed.attempts - 1;
      orders.push({ id: placed.id, token });
      during(orders.length);
      if (paceMs > 0) await sleep(paceMs);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { orders, retries };
}

/** Waits until every order is CONFIRMED or CANCELLED; returns the count of each status. */
export async function waitTerminal(
  client: GatewayClient,
  orders: LoadResult['orders'],
  timeoutMs = 180_000,
): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  const statuses = new Map<string, string | undefined>();
  while (true) {
    for (const { id, token } of orders) {
      const known = statuses.get(id);
      if (known && terminal.has(known)) continue;
      statuses.set(id, await client.orderStatus(token, id));
    }
    const open = orders.filter(({ id }) => !terminal.has(statuses.get(id) ?? ''));
    if (open.length === 0 || Date.now() > deadline) {
      const counts: Record<string, number> = {};
      for (const status of statuses.values()) {
        counts[status ?? 'unknown'] = (counts[status ?? 'unknown'] ?? 0) + 1;
      }
      return counts;
    }
    await sleep(2000);
  }
}
