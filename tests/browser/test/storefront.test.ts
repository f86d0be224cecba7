import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEventProducer, OrderConfirmed } from '@ecommerce/events';
import { call, isolatedInfra, repoRoot } from '@ecommerce/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { admin, type RunningSystem, startSystem } from '../../saga/test/system.ts';
import {
  chromiumPath,
  launchBrowser,
  reportDir,
  screenshot,
  seriousAccessibilityViolations,
} from './browser.ts';

const infra = await isolatedInfra();
let system: RunningSystem;
let browser: Browser;
let adminToken: string;
const accessibility: Record<string, unknown[]> = {};

/** Waits for the saga and the health checks: generous, since the machine may be busy. */
const sagaTimeout = 30_000;
/** For what the page shows after a click: a busy machine may take seconds to render it. */
const shortly = { timeout: 15_000 };

const products = {
  deskLamp: {
    name: 'Brass desk lamp',
    description: 'A lamp with a weighted base and a warm bulb.',
    category: 'lighting',
    amount: 4900,
    onHand: 20,
  },
  readingLamp: {
    name: 'Clip-on reading lamp',
    description: 'A small lamp for books, with a flexible arm.',
    category: 'lighting',
    amount: 1950,
    onHand: 20,
  },
  mug: {
    name: 'Stoneware mug',
    description: 'Holds a generous coffee.',
    category: 'kitchen',
    amount: 1200,
    onHand: 20,
  },
  clock: {
    name: 'Mantel clock',
    description: 'A wind-up clock; only one left.',
    category: 'home',
    amount: 8900,
    onHand: 1,
  },
};
const productIds: Partial<Record<keyof typeof products, string>> = {};

async function seedProduct(product: (typeof products)[keyof typeof products]): Promise<string> {
  const created = await call(`${system.gateway.url}/api/products`, {
    token: adminToken,
    body: {
      sku: `WEB-${randomUUID().slice(0, 8)}`,
      name: product.name,
      description: product.description,
      category: product.category,
      price: { amount: product.amount, currency: 'EUR' },
    },
  });
  expect(created.status).toBe(201);
  const stock = await call(`${system.gateway.url}/api/inventory/${created.body.id}`, {
    method: 'PUT',
    token: adminToken,
    body: { onHand: product.onHand },
  });
  expect(stock.status).toBe(201);
  return created.body.id;
}

/** Checks the page with axe-core and saves its screenshot; every page of the app goes through here. */
async function checkPage(page: Page, name: string) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const violations = await seriousAccessibilityViolations(page);
  accessibility[name] = violations;
  await screenshot(page, name);
  expect(violations, `${name}: serious or critical accessibility violations`).toEqual([]);
}

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    // axe-core goes in as an inline script, which the gateway's CSP rightly refuses to pages.
    bypassCSP: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.on('console', (message) => {
    if (message.type() === 'warning') console.warn('page warning:', message.text());
  });
  return { context, page };
}

beforeAll(async () => {
  // The storefront the gateway serves is the one built from this checkout.
  execFileSync('pnpm', ['--filter', '@ecommerce/web', 'build'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  system = await startSystem(infra);
  // The gateway may answer 503 for a moment while its first health checks run.
  let login = await call(`${system.gateway.url}/api/auth/login`, { body: admin });
  for (let attempt = 0; login.status === 503 && attempt < 60; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    login = await call(`${system.gateway.url}/api/auth/login`, { body: admin });
  }
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  adminToken = login.body.accessToken;
  for (const key of Object.keys(products) as (keyof typeof products)[]) {
    productIds[key] = await seedProduct(products[key]);
  }
  browser = await launchBrowser();
  console.log(`browser: ${browser.version()} (${chromiumPath})`);
});

afterAll(async () => {
  await writeFile(
    join(reportDir, 'accessibility.json'),
    `${JSON.stringify(accessibility, null, 2)}\n`,
  );
  await browser?.close();
  await system?.stop();
});

/**
 * A browser context of its own for a describe block, closed after it; the page of a failed
 * test is saved for the report as `failed-<test>.png`.
 */
function withPage(use: (page: Page) => void) {
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    ({ context, page } = await newPage());
    use(page);
  });
  afterAll(() => context?.close());
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail' || !page) return;
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await screenshot(page, `failed-${name}`).catch(() => undefined);
  });
}

const customer = {
  name: 'Grace Hopper',
  email: `grace-${randomUUID().slice(0, 8)}@shop.test`,
  password: 'browser-test-password-1',
};

describe('the storefront', () => {
  let page: Page;
  withPage((opened) => {
    page = opened;
  });

  it('renders the catalog, and times its first render', async () => {
    await page.goto(`${system.gateway.url}/`);
    await page.waitForFunction(() => performance.getEntriesByName('catalog-rendered').length > 0);
    const timing = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType(
        'navigation',
      ) as PerformanceNavigationTiming[];
      return {
        catalogRenderedMs: Math.round(
          performance.getEntriesByName('catalog-rendered')[0]?.startTime ?? -1,
        ),
        domContentLoadedMs: Math.round(navigation?.domContentLoadedEventEnd ?? -1),
        transferredBytes: performance
          .getEntriesByType('resource')
          .concat(navigation ? [navigation] : [])
          .reduce(
            (sum, entry) => sum + ((entry as PerformanceResourceTiming).transferSize ?? 0),
            0,
          ),
      };
    });
    console.log(
      `catalog first render: ${timing.catalogRenderedMs} ms after navigation start (DOMContentLoaded ${timing.domContentLoadedMs} ms, ${timing.transferredBytes} bytes transferred)`,
    );
    await writeFile(join(reportDir, 'performance.json'), `${JSON.stringify(timing, null, 2)}\n`);
    expect(timing.catalogRenderedMs).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.product-card').count(), shortly).toBe(4);
    await checkPage(page, 'catalog');
  });

  it('lets a customer sign up', async () => {
    await page.getByRole('link', { name: 'Create account' }).click();
    await page.getByLabel('Name').fill(customer.name);
    await page.getByLabel('Email').fill(customer.email);
    await page.getByLabel('Password').fill(customer.password);
    await checkPage(page, 'sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText(customer.email).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('does not show the operations console to a customer: the API refuses it', async () => {
    await expect
      .poll(() => page.getByRole('link', { name: 'Operations' }).count(), shortly)
      .toBe(0);
    await page.goto(`${system.gateway.url}/ops`);
    await page.getByRole('alert').filter({ hasText: 'Forbidden' }).first().waitFor();
  });

  it('searches, filters by category and price, and adds two products to the cart', async () => {
    await page.goto(`${system.gateway.url}/`);
    await page.getByLabel('Search').fill('lamp');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('2 products').waitFor();
    await page.getByLabel('Category').selectOption('lighting');
    await page.getByLabel('Max price (€)').fill('30');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('1 product', { exact: true }).waitFor();
    await page.getByLabel('Max price (€)').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('2 products').waitFor();

    for (const name of [products.deskLamp.name, products.readingLamp.name]) {
      await page.getByRole('link', { name }).click();
      await page.getByText('20 in stock').waitFor();
      if (name === products.deskLamp.name) await checkPage(page, 'product');
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();
      await page.goBack();
    }
    await page.getByRole('link', { name: /Cart/ }).click();
    await expect.poll(() => page.locator('tbody tr').count(), shortly).toBe(2);
    await checkPage(page, 'cart');
  });

  it('checks out once on a double click and shows the saga until CONFIRMED', async () => {
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await page.locator('.order-status').getByText('CONFIRMED').waitFor({ timeout: sagaTimeout });
    const steps = page.locator('.timeline .step-name');
    await expect
      .poll(() => steps.allTextContents(), { timeout: sagaTimeout })
      .toEqual(
        expect.arrayContaining([
          'Order placed',
          'Stock reserved',
          'Payment taken',
          'Order confirmed',
        ]),
      );
    // The steps came through the gateway as Server-Sent Events, not by polling.
    const transport = await page.locator('.transport').textContent();
    console.log(`order page followed the saga by ${transport}`);
    expect(transport).toBe('Live: server-sent events');
    await checkPage(page, 'order-confirmed');

    await page.getByRole('link', { name: 'Orders' }).click();
    await expect.poll(() => page.locator('tbody tr').count(), shortly).toBe(1);
    await checkPage(page, 'orders');
  });

  it('shows why an out-of-stock order was cancelled', async () => {
    await page.goto(`${system.gateway.url}/products/${productIds.clock}`);
    await page.getByText('1 in stock').waitFor();
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: /Cart/ }).click();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await page.locator('.order-status').getByText('CANCELLED').waitFor({ timeout: sagaTimeout });
    await page.getByText('Some items were out of stock').waitFor({ timeout: sagaTimeout });
    await expect
      .poll(() => page.locator('.timeline .step-name').allTextContents(), shortly)
      .toContain('Stock not available');
    await checkPage(page, 'order-out-of-stock');
  });

  it('shows a problem’s title and detail, not a blank page', async () => {
    await page.goto(`${system.gateway.url}/products/${randomUUID()}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/not found/i);
    await page.goto(`${system.gateway.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await checkPage(page, 'not-found');
  });
});

describe('the operations console', () => {
  let page: Page;
  withPage((opened) => {
    page = opened;
  });

  const serviceRow = (service: string) => page.locator(`tr[data-service="${service}"]`);

  it('lets an admin sign in and see every service healthy', async () => {
    await page.goto(`${system.gateway.url}/signin?next=/ops`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await checkPage(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/ops$/);
    for (const service of Object.keys(system.services)) {
      await expect
        .poll(() => serviceRow(service).getAttribute('data-health'), { timeout: sagaTimeout })
        .toBe('healthy');
    }
    for (const server of ['postgres', 'kafka', 'redis']) {
      await page
        .locator('.infra-list .tile-healthy')
        .filter({ hasText: server })
        .waitFor({ timeout: sagaTimeout });
    }
    await page.getByText(/Saga outcomes/).waitFor();
    await expect
      .poll(() => page.locator('.stat-confirmed').textContent(), { timeout: sagaTimeout })
      .toBe('1');
    await checkPage(page, 'ops');
  });

  it('turns a stopped service red within its health interval', async () => {
    await system.stopService('notification-service');
    const stoppedAt = Date.now();
    // The gateway checks every 500 ms here and the page refreshes every second; the limit is
    // generous only because a busy machine can take seconds to answer a page's request.
    await expect
      .poll(() => serviceRow('notification-service').getAttribute('data-health'), {
        timeout: sagaTimeout,
      })
      .toBe('unhealthy');
    console.log(`stopped service shown red ${Date.now() - stoppedAt} ms after it exited`);
    await screenshot(page, 'ops-service-down');
    // It stays down: the dead letters below come from the other consumers of the topic.
  });

  it('lists a dead-lettered event with its error and replays it onto its topic', async () => {
    const topic = infra.kafka.topic(OrderConfirmed.topic);
    const producer = await createEventProducer({
      kafka: { brokers: infra.kafka.brokers, clientId: 'browser-test' },
    });
    try {
      // Not an event at all: every running consumer of the topic dead-letters it at once.
      await producer.send([
        { topic, key: randomUUID(), value: JSON.stringify({ hello: 'world' }), headers: {} },
      ]);
    } finally {
      await producer.disconnect();
    }
    const rows = page.locator('table.dead-letters tbody tr');
    await expect.poll(() => rows.count(), { timeout: sagaTimeout }).toBeGreaterThanOrEqual(1);
    expect(await rows.first().textContent()).toContain('invalid');
    const before = await rows.count();
    await checkPage(page, 'ops-dead-letters');

    await page
      .getByRole('button', { name: /^Replay/ })
      .first()
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: `back on ${topic}` })
      .waitFor({ timeout: sagaTimeout });
    await page
      .locator('table.dead-letters')
      .getByText(/replayed/)
      .first()
      .waitFor({ timeout: sagaTimeout });
    // Still not an event: the replay reached the consumers, which dead-lettered it again.
    await expect.poll(() => rows.count(), { timeout: sagaTimeout }).toBeGreaterThan(before);
  });

  it('edits a product and adjusts its stock', async () => {
    await page.getByRole('link', { name: 'Products and stock' }).click();
    await page.getByRole('heading', { name: 'Products and stock' }).waitFor();
    await page.getByRole('button', { name: `Edit ${products.mug.name}` }).click();
    await page.getByLabel('Price (EUR)').fill('13.50');
    await page.getByRole('button', { name: 'Save product' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page.getByText('20 on hand, 0 reserved, 20 available').waitFor();
    await page.getByLabel('Change').fill('5');
    await page.getByLabel('Reason').fill('Delivery from the pottery');
    await page.getByRole('button', { name: 'Adjust stock' }).click();
    await page.getByText('25 on hand, 0 reserved, 25 available').waitFor();
    await checkPage(page, 'ops-catalog');
    const product = await call(`${system.gateway.url}/api/products/${productIds.mug}`);
    expect(product.body.price).toEqual({ amount: 1350, currency: 'EUR' });
  });
});
