/**
 * The demo's three orders, placed through the gateway as a customer would: one that is
 * confirmed, one that runs out of stock, one whose payment is declined. Prints each order's
 * saga timeline. Run by bin/up after the system is ready; safe to run again.
 *
 *   node tools/demo/place-demo-orders.ts            (GATEWAY_URL defaults to :8080)
 */
import { readFileSync } from 'node:fs';

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';
const seed = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../infra/seed/${file}`, import.meta.url), 'utf8'));
const users: { email: string; password: string; name: string }[] = seed('users.json').users;
const products: { id: string; sku: string; name: string; initialStock: number }[] =
  seed('catalog.json').products;

// DEVELOPMENT DEFAULT accounts from infra/seed/users.json. Alan's payments are declined in the
// local setup (bin/lib/services.sh maps him to the provider's declining test card).
const ada = users.find((u) => u.email.startsWith('ada@'));
const alan = users.find((u) => u.email.startsWith('alan@'));
const keyboard = products.find((p) => p.sku === 'KB-001');
const keycaps = products.find((p) => p.sku === 'LT-020'); // one in stock
const mouse = products.find((p) => p.sku === 'MS-002');
if (!ada || !alan || !keyboard || !keycaps || !mouse) throw new Error('infra/seed data changed');

async function api(path: string, init: { token?: string; body?: unknown; key?: string } = {}) {
  const response = await fetch(`${gateway}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.key ? { 'idempotency-key': init.key } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  }
  return body;
}

async function login(user: { email: string; password: string }): Promise<string> {
  const { email, password } = user;
  return (await api('/api/auth/login', { body: { email, password } })).accessToken;
}

interface Step {
  at: string;
  step: string;
  status: string;
  reason?: string;
  traceId?: string;
}

async function placeAndFollow(
  title: string,
  token: string,
  lines: { productId: string; quantity: number }[],
) {
  const run = Date.now().toString(36);
  const order = await api('/api/orders', { token, body: { lines }, key: `demo-${title}-${run}` });
  const deadline = Date.now() + 45_000;
  let timeline: { status: string; steps: Step[] };
  do {
    await new Promise((resolve) => setTimeout(resolve, 250));
    timeline = await api(`/api/orders/${order.id}/timeline`, { token });
  } while (!['CONFIRMED', 'CANCELLED'].includes(timeline.status) && Date.now() < deadline);

  console.log(`\n${title}: order ${order.id} -> ${timeline.status}`);
  for (const step of timeline.steps) {
    const reason = step.reason ? ` (${step.reason})` : '';
    const trace = step.traceId ? `  trace ${step.traceId}` : '';
    console.log(`  ${step.at}  ${step.step.padEnd(24)} ${step.status}${reason}${trace}`);
  }
  return timeline.status;
}

const [adaToken, alanToken] = await Promise.all([login(ada), login(alan)]);
const outcomes = [
  await placeAndFollow('confirmed', adaToken, [{ productId: keyboard.id, quantity: 1 }]),
  await placeAndFollow('out-of-stock', adaToken, [
    { productId: keycaps.id, quantity: keycaps.initialStock + 4 },
  ]),
  await placeAndFollow('declined', alanToken, [{ productId: mouse.id, quantity: 1 }]),
];
const expected = ['CONFIRMED', 'CANCELLED', 'CANCELLED'];
if (outcomes.some((outcome, i) => outcome !== expected[i])) {
  console.error(`\nUnexpected outcomes: ${outcomes.join(', ')} (expected ${expected.join(', ')})`);
  process.exitCode = 1;
}
