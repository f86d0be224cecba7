import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@ecommerce/testkit';
import { afterAll, expect, it } from 'vitest';
import { observedState, realUse } from './activity.ts';
import { demoOutcomes, runBin } from './commands.ts';

/**
 * bin/up on the hundredth run as on the first: it brings the system up, the demo shows its
 * three outcomes, then real use changes the data the demo relies on, and after bin/down and
 * bin/up again the demo shows the same three outcomes. Uses the default app ports: run alone
 * (vitest.config.ts). Then bin/reset, with the system up and down, puts it back to the seeded
 * state. Whatever happens, bin/down stops everything at the end.
 */
const expected = { confirmed: 'CONFIRMED', 'out-of-stock': 'CANCELLED', declined: 'CANCELLED' };
const bringUpTimeout = 8 * 60_000;
// bin/up runs its own servers (infra/local); where the servers are given from outside (service
// containers on the standard ports, TEST_* variables) there is no bin/up to test.
const serversFromOutside = Boolean(process.env.TEST_POSTGRES_URL);
const demoLines = (output: string) =>
  output.split('\n').filter((line) => /^(confirmed|out-of-stock|declined): order /.test(line));

afterAll(async () => {
  if (serversFromOutside) return;
  const down = await runBin('down', 3 * 60_000);
  expect(down.code, down.output).toBe(0);
}, 4 * 60_000);

it.skipIf(serversFromOutside)(
  'shows the demo outcomes on a second bin/up after a few hundred orders and admin changes',
  async () => {
    const first = await runBin('up', bringUpTimeout);
    expect(first.code, first.output).toBe(0);
    expect(demoOutcomes(first.output), first.output).toEqual(expected);
    console.log('first bin/up:\n', demoLines(first.output).join('\n'));

    const activity = await realUse(300);
    console.log('real use between the two bring-ups:', activity);
    expect(activity.placed).toBe(300);
    expect(activity.stillOpen).toBe(0);
    // Both kinds of outcome happened: stock ran out for some, Alan's payments were declined.
    expect(activity.confirmed).toBeGreaterThan(0);
    expect(activity.cancelled).toBeGreaterThan(0);

    const down = await runBin('down', 3 * 60_000);
    expect(down.code, down.output).toBe(0);

    const second = await runBin('up', bringUpTimeout);
    expect(second.code, second.output).toBe(0);
    expect(demoOutcomes(second.output), second.output).toEqual(expected);
    console.log('second bin/up:\n', demoLines(second.output).join('\n'));
  },
);

// infra/seed: KB-001 starts with 25 units, LT-020 with 1; 20 products; one example order for
// each of the two seeded customers, which the saga then takes to their ends: Ada's confirmed
// (one KB-001 sold), Alan's payment declined (his stock released).
const seeded = { keyboardOnHand: 24, keycapsOnHand: 1, orders: 2, products: 20 };

it.skipIf(serversFromOutside)(
  'bin/reset while the system is up: the seeded state, and the system up again',
  async () => {
    const before = await observedState();
    expect(before.orders).toBeGreaterThan(seeded.orders);
    const reset = await runBin('reset', bringUpTimeout);
    expect(reset.code, reset.output).toBe(0);
    expect(await observedState()).toEqual(seeded);
  },
);

it.skipIf(serversFromOutside)('bin/reset while the system is down: leaves it down', async () => {
  const down = await runBin('down', 3 * 60_000);
  expect(down.code, down.output).toBe(0);
  const reset = await runBin('reset', bringUpTimeout);
  expect(reset.code, reset.output).toBe(0);
  expect(reset.output).toContain('Back to the seeded state.');
  const status = spawnSync(join(repoRoot, 'infra/local/infra'), ['status'], { encoding: 'utf8' });
  expect(status.stdout).not.toMatch(/running/);
  await expect(fetch('http://127.0.0.1:8080/health/live')).rejects.toThrow();
});
