/**
 * The demo's three orders, placed through the gateway as a customer would: one that is
 * confirmed, one that runs out of stock, one whose payment is declined. Prints each order's
 * saga timeline and exits 1 unless the outcomes are those three. Run by bin/up after the
 * system is ready.
 *
 * Whatever happened to the system before (orders placed, stock changed by an admin), the
 * outcomes are the same every run: right before it orders, the demo sets, as the seeded admin
 * through the inventory API, the stock of the three products it uses to what each outcome
 * needs, and leaves stock that already fits alone (stock-plan.ts).
 *
 *   node tools/demo/place-demo-orders.ts            (GATEWAY_URL defaults to :8080)
 */
import { readFileSync } from 'node:fs';
import { createGatewayClient } from './gateway-client.ts';
import { type DemoStock, type StockNeed, stockChanges } from './stock-plan.ts';

const gateway = createGatewayClient(process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080');
const seed = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../infra/seed/${file}`, import.meta.url), 'utf8'));
const users: { email: string; password: string; roles: string[] }[] = seed('users.json').users;
const products: { id: string; sku: string }[] = seed('catalog.json').products;

// DEVELOPMENT DEFAULT accounts from infra/seed/users.json. Alan's payments are declined in the
// local setup (bin/lib/services.sh maps him to the provider's declining test card).
const admin = users.find((u) => u.roles.includes('admin'));
const ada = users.find((u) => u.email.startsWith('ada@'));
const alan = users.find((u) => u.email.startsWith('alan@'));
const keyboard = products.find((p) => p.sku === 'KB-001');
const keycaps = products.find((p) => p.sku === 'LT-020');
const mouse = products.find((p) => p.sku === 'MS-002');
if (!admin || !ada || !alan || !keyboard || !keycaps || !mouse) {
  throw new Error('infra/seed data changed');
}

const skuOf = (productId: string) => products.find((p) => p.id === productId)?.sku ?? productId;

interface Step {
  at: string;
  step: string;
  status: string;
  reason?: string;
  traceId?: string;
}

/** Changes the on-hand of the products whose available units do not fit their outcome. */
async function prepareStock(adminToken: string, needs: StockNeed[]) {
  const current: DemoStock[] = await Promise.all(
    needs.map(({ productId }) => gateway.api(`/api/inventory/${productId}`)),
  );
  for (const stock of current) {
    console.log(`  ${skuOf(stock.productId)}: ${stock.available} available`);
  }
  for (const change of stockChanges(current, needs)) {
    const stock = await gateway.api(`/api/inventory/${change.productId}`, {
      method: 'PUT',
      token: adminToken,
      body: { onHand: change.onHand, reason: 'demo: stock its orders need' },
    });
    console.log(
      `  ${skuOf(change.productId)}: set to ${stock.onHand} on hand, ${stock.available} available`,
    );
  }
}

async function placeAndFollow(
  title: string,
  token: string,
  lines: { productId: string; quantity: number }[],
) {
  const run = Date.now().toString(36);
  const order = await gateway.api('/api/orders', {
    token,
    body: { lines },
    headers: { 'idempotency-key': `demo-${title}-${run}` },
  });
  const deadline = Date.now() + 45_000;
  let timeline: { status: string; steps: Step[] };
  do {
    await new Promise((resolve) => setTimeout(resolve, 250));
    timeline = await gateway.api(`/api/orders/${order.id}/timeline`, { token });
  } while (!['CONFIRMED', 'CANCELLED'].includes(timeline.status) && Date.now() < deadline);

  console.log(`\n${title}: order ${order.id} -> ${timeline.status}`);
  for (const step of timeline.steps) {
    const reason = step.reason ? ` (${step.reason})` : '';
    const trace = step.traceId ? `  trace ${step.traceId}` : '';
    console.log(`  ${step.at}  ${step.step.padEnd(24)} ${step.status}${reason}${trace}`);
  }
  return timeline.status;
}

// One after the other: each login is a deliberately slow password hash, and three at once on a
// busy machine can outlast the gateway's upstream timeout.
const adminToken = await gateway.login(admin);
const adaToken = await gateway.login(ada);
const alanToken = await gateway.login(alan);
const outOfStockQuantity = 5;
console.log('Stock the demo needs (checked, and set where it does not fit, as the seeded admin):');
await prepareStock(adminToken, [
  { productId: keyboard.id, atLeast: 1 },
  // Fewer units than the order asks for, so the reservation is refused: the seeded one.
  { productId: keycaps.id, below: outOfStockQuantity, setTo: 1 },
  // Enough for the reservation, so the declined payment is what cancels the order.
  { productId: mouse.id, atLeast: 1 },
]);
const outcomes = [
  await placeAndFollow('confirmed', adaToken, [{ productId: keyboard.id, quantity: 1 }]),
  await placeAndFollow('out-of-stock', adaToken, [
    { productId: keycaps.id, quantity: outOfStockQuantity },
  ]),
  await placeAndFollow('declined', alanToken, [{ productId: mouse.id, quantity: 1 }]),
];
const expected = ['CONFIRMED', 'CANCELLED', 'CANCELLED'];
if (outcomes.some((outcome, i) => outcome !== expected[i])) {
  console.error(`\nUnexpected outcomes: ${outcomes.join(', ')} (expected ${expected.join(', ')})`);
  process.exitCode = 1;
} else {
  console.log(`\nDemo outcomes as expected: ${outcomes.join(', ')}`);
}
