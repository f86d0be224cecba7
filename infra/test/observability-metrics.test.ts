import { randomUUID } from 'node:crypto';
import { call, isolatedInfra } from '@ecommerce/testkit';
import { Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dashboardQueries } from './support/observability-files.ts';
import { admin, type ObservedSystem, startObservedSystem } from './support/observed-system.ts';
import { parseSamples, type Sample } from './support/prometheus-samples.ts';
import { readPromql } from './support/promql.ts';

// The whole system as processes: a test of its own file, so that it runs beside the quick ones.
const infra = await isolatedInfra();
let system: ObservedSystem;
const eventually = { timeout: 60_000, interval: 500 };

const api = (path: string) => `${system.apps.gateway.url}/api${path}`;

async function login(email: string, password: string): Promise<string> {
  const response = await call(api('/auth/login'), { body: { email, password } });
  expect(response.status).toBe(200);
  return response.body.accessToken;
}

/** A product with stock, a customer, and one order through the gateway, confirmed. */
async function placeConfirmedOrder(): Promise<void> {
  const adminToken = await login(admin.email, admin.password);
  const product = await call(api('/products'), {
    token: adminToken,
    body: {
      sku: `OBS-${randomUUID().slice(0, 8)}`,
      name: 'Dashboard mug',
      description: 'A mug whose order feeds the dashboard.',
      category: 'kitchen',
      price: { amount: 1299, currency: 'EUR' },
    },
  });
  expect(product.status).toBe(201);
  const stock = await call(api(`/inventory/${product.body.id}`), {
    method: 'PUT',
    token: adminToken,
    body: { onHand: 5 },
  });
  expect(stock.status).toBe(201);

  const customer = { email: `${randomUUID()}@observability.test`, password: 'observer-password' };
  expect((await call(api('/auth/register'), { body: customer })).status).toBe(201);
  const token = await login(customer.email, customer.password);
  const placed = await call(api('/orders'), {
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: { lines: [{ productId: product.body.id, quantity: 1 }] },
  });
  expect(placed.status).toBe(201);
  await vi.waitFor(async () => {
    const order = await call(api(`/orders/${placed.body.id}`), { token });
    expect(order.body.status).toBe('CONFIRMED');
  }, eventually);
}

/** A message no consumer can parse on a topic inventory-service reads: one dead letter. */
async function sendUnparseableOrderCreated(): Promise<void> {
  const producer = infra.kafka
    .client()
    .producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({
      topic: infra.kafka.topic('order.created.v1'),
      messages: [{ key: randomUUID(), value: 'not an event' }],
    });
  } finally {
    await producer.disconnect();
  }
}

async function scrapeAll(): Promise<Record<string, Sample[]>> {
  const entries = await Promise.all(
    Object.entries(system.apps).map(async ([name, process]) => {
      const response = await fetch(`${process.url}/metrics`);
      expect(response.status, `${name} /metrics`).toBe(200);
      return [name, parseSamples(await response.text())] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Which apps expose samples of each metric name. */
function appsByMetric(scraped: Record<string, Sample[]>): Map<string, Set<string>> {
  const byMetric = new Map<string, Set<string>>();
  for (const [app, samples] of Object.entries(scraped)) {
    for (const { name } of samples) byMetric.set(name, (byMetric.get(name) ?? new Set()).add(app));
  }
  return byMetric;
}

const queried = [
  ...new Set(dashboardQueries().flatMap(({ expr }) => readPromql(expr).metricNames)),
].sort();

beforeAll(async () => {
  system = await startObservedSystem(infra);
  await placeConfirmedOrder();
  await sendUnparseableOrderCreated();
}, 300_000);

afterAll(async () => {
  await system?.stop();
}, 60_000);

describe('the dashboard against the real system', () => {
  it('finds every metric the dashboard queries in the apps’ /metrics output', async () => {
    // Dead letters and saga counters arrive asynchronously: wait until every name has samples.
    let scraped: Record<string, Sample[]> = {};
    await expect
      .poll(async () => {
        scraped = await scrapeAll();
        const present = appsByMetric(scraped);
        return queried.filter((name) => !present.has(name));
      }, eventually)
      .toEqual([]);

    const present = appsByMetric(scraped);
    console.log(
      `dashboard metrics checked against /metrics of ${Object.keys(scraped).length} apps:\n${queried
        .map((name) => `  ${name}: ${[...(present.get(name) ?? [])].sort().join(', ')}`)
        .join('\n')}`,
    );
    expect(queried).toEqual(
      expect.arrayContaining([
        'http_request_duration_seconds_count',
        'http_request_duration_seconds_bucket',
        'saga_outcomes_total',
        'outbox_backlog_events',
        'events_consumer_lag',
        'events_published_total',
        'events_handled_total',
        'events_dead_lettered_total',
        'circuit_breaker_state',
      ]),
    );
  }, 120_000);

  it('matches and groups only by labels those metrics carry', async () => {
    const scraped = await scrapeAll();
    const samples = Object.values(scraped).flat();
    // Panels group by `service`: each app labels its samples with its own folder name.
    for (const [app, appSamples] of Object.entries(scraped)) {
      const services = new Set(
        appSamples.filter((s) => queried.includes(s.name)).map((s) => s.labels.service),
      );
      expect([...services], app).toEqual([app]);
    }
    for (const { source, expr } of dashboardQueries()) {
      const { metricNames, labelNames } = readPromql(expr);
      const names = new Set(metricNames);
      const carried = new Set(
        samples.filter((sample) => names.has(sample.name)).flatMap((s) => Object.keys(s.labels)),
      );
      const missing = labelNames.filter((label) => !carried.has(label));
      expect(missing, `${source}: ${expr}`).toEqual([]);
    }
  }, 60_000);
});
