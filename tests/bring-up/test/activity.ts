import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, repoRoot } from '@ecommerce/testkit';

const gateway = 'http://127.0.0.1:8080';
const seed = (file: string) => JSON.parse(readFileSync(join(repoRoot, 'infra/seed', file), 'utf8'));
const users: { email: string; password: string; roles: string[] }[] = seed('users.json').users;
const products: { id: string; sku: string }[] = seed('catalog.json').products;
const bySku = (sku: string) => {
  const product = products.find((p) => p.sku === sku);
  if (!product) throw new Error(`${sku} is not in infra/seed/catalog.json`);
  return product;
};

type CallOptions = Parameters<typeof call>[1];

/**
 * A call through the gateway that must answer one of `ok`. A busy answer (502, 503, 504: the
 * machine is loaded) is tried again, twice, a few seconds apart. Logins, reads, stock set to a
 * value and orders under an Idempotency-Key are safe to repeat; a repeated product creation or
 * deletion would fail the test (409, 404), never pass silently.
 */
async function expectStatus(what: string, path: string, options: CallOptions, ok: number[]) {
  for (let attempt = 1; ; attempt++) {
    const response = await call(`${gateway}${path}`, options);
    if (ok.includes(response.status)) return response;
    if (![502, 503, 504].includes(response.status) || attempt === 3) {
      throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000 * attempt));
  }
}

async function login(user: { email: string; password: string } | undefined): Promise<string> {
  if (!user) throw new Error('infra/seed/users.json changed');
  const body = { email: user.email, password: user.password };
  return (await expectStatus('login', '/api/auth/login', { body }, [200])).body.accessToken;
}

export interface ActivityReport {
  placed: number;
  confirmed: number;
  cancelled: number;
  stillOpen: number;
}

/**
 * What real use does to the data the demo relies on: a few hundred orders by the seeded
 * customers (Alan's payments are declined locally) over the seeded catalog, the admin changing
 * stock (the demo's keyboard sold out, its out-of-stock keycaps restocked), and a product
 * created, stocked and deleted. Waits (bounded) until the saga has settled every order.
 */
export async function realUse(orders: number): Promise<ActivityReport> {
  // One after the other: a login is a deliberately slow password hash.
  const adminToken = await login(users.find((u) => u.roles.includes('admin')));
  const adaToken = await login(users.find((u) => u.email.startsWith('ada@')));
  const alanToken = await login(users.find((u) => u.email.startsWith('alan@')));
  const admin = { token: adminToken };

  const setStock = (productId: string, onHand: number) =>
    expectStatus(
      `set stock of ${productId}`,
      `/api/inventory/${productId}`,
      {
        method: 'PUT',
        ...admin,
        body: { onHand, reason: 'bring-up test: an admin changes stock' },
      },
      [200, 201],
    );
  await setStock(bySku('KB-001').id, 0);
  await setStock(bySku('LT-020').id, 500);

  const sku = `TEMP-${Date.now().toString(36)}`;
  const created = await expectStatus(
    'create a product',
    '/api/products',
    {
      ...admin,
      body: {
        sku,
        name: 'Short-lived lamp',
        description: 'Created and deleted by the bring-up test.',
        category: 'office',
        price: { amount: 1999, currency: 'EUR' },
      },
    },
    [201],
  );
  const productId = (created.body as { id: string }).id;
  await setStock(productId, 5);
  await expectStatus(
    'delete the product',
    `/api/products/${productId}`,
    { method: 'DELETE', ...admin },
    [204],
  );

  const ids: string[] = [];
  const customers = [adaToken, alanToken];
  let next = 0;
  const worker = async () => {
    while (next < orders) {
      const n = next++;
      const product = products[n % products.length] as { id: string };
      const placed = await expectStatus(
        `order ${n}`,
        '/api/orders',
        {
          token: customers[n % customers.length] as string,
          headers: { 'idempotency-key': `bring-up-${sku}-${n}` },
          body: { lines: [{ productId: product.id, quantity: 1 + (n % 3) }] },
        },
        [201],
      );
      ids.push((placed.body as { id: string }).id);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));

  // The admin sees everyone's orders, newest first: ours are the first pages.
  const deadline = Date.now() + 180_000;
  let statuses = new Map<string, string>();
  do {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    statuses = new Map();
    for (let page = 1; page <= Math.ceil(orders / 100) + 1; page++) {
      const listed = await expectStatus(
        'list orders',
        `/api/orders?page=${page}&pageSize=100`,
        admin,
        [200],
      );
      for (const order of (listed.body as { items: { id: string; status: string }[] }).items) {
        statuses.set(order.id, order.status);
      }
    }
  } while (ids.some((id) => !isTerminal(statuses.get(id))) && Date.now() < deadline);

  const mine = ids.map((id) => statuses.get(id));
  return {
    placed: ids.length,
    confirmed: mine.filter((s) => s === 'CONFIRMED').length,
    cancelled: mine.filter((s) => s === 'CANCELLED').length,
    stillOpen: mine.filter((s) => !isTerminal(s)).length,
  };
}

const isTerminal = (status: string | undefined) =>
  status === 'CONFIRMED' || status === 'CANCELLED' || status === 'REFUNDED';

export interface SeededState {
  keyboardOnHand: number;
  keycapsOnHand: number;
  orders: number;
  products: number;
}

/**
 * What the seeded state looks like through the gateway: stock, orders and the catalog, once
 * every order's saga has ended (the seeded example orders go through the saga as soon as the
 * services run, and a confirmed one takes its units off the shelf).
 */
export async function observedState(): Promise<SeededState> {
  const adminToken = await login(users.find((u) => u.roles.includes('admin')));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { body } = await expectStatus(
      'list orders',
      `/api/orders?page=1&pageSize=100`,
      { token: adminToken },
      [200],
    );
    const open = (body as { items: { status: string }[] }).items.filter(
      (order) => !isTerminal(order.status),
    );
    if (open.length === 0) break;
    if (Date.now() > deadline) throw new Error(`${open.length} orders still open after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const stock = async (sku: string) =>
    (await expectStatus(sku, `/api/inventory/${bySku(sku).id}`, {}, [200])).body as {
      onHand: number;
    };
  const orders = await expectStatus(
    'list orders',
    `/api/orders?page=1&pageSize=100`,
    { token: adminToken },
    [200],
  );
  const catalog = await expectStatus('list products', '/api/products?limit=100', {}, [200]);
  return {
    keyboardOnHand: (await stock('KB-001')).onHand,
    keycapsOnHand: (await stock('LT-020')).onHand,
    orders: (orders.body as { items: unknown[] }).items.length,
    products: (catalog.body as { total: number }).total,
  };
}
