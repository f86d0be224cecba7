import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, isolatedInfra, type JaegerProcess, repoRoot, startJaeger } from '@ecommerce/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type RunningSystem, startSystem } from './system.ts';

/**
 * One order's trace in a real Jaeger: every process exports over OTLP, as `bin/up --jaeger`
 * runs them, and Jaeger's query API must hold one trace with every service under its own name,
 * the Kafka publish and process spans of every saga step, and the trace id the order's
 * timeline shows.
 */
const infra = await isolatedInfra();
let jaeger: JaegerProcess;
let system: RunningSystem;
let adminToken: string;

const eventually = { timeout: 30_000, interval: 500 };
const api = (path: string) => `${system.gateway.url}/api${path}`;

/** A call through the gateway, again while it answers 503 (an upstream not yet seen healthy). */
async function callThrough(path: string, options: Parameters<typeof call>[1] = {}) {
  const deadline = Date.now() + eventually.timeout;
  let response = await call(api(path), options);
  while (response.status === 503 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, eventually.interval));
    response = await call(api(path), options);
  }
  return response;
}

interface JaegerSpan {
  spanID: string;
  operationName: string;
  processID: string;
  references: { refType: string; spanID: string }[];
  tags: { key: string; value: unknown }[];
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
}

async function jaegerTrace(traceId: string): Promise<JaegerTrace | undefined> {
  const response = await fetch(`${jaeger.queryUrl}/api/traces/${traceId}`);
  if (response.status !== 200) return undefined;
  const body = (await response.json()) as { data: JaegerTrace[] };
  return body.data[0];
}

const allServices = [
  'gateway',
  'user-service',
  'product-service',
  'inventory-service',
  'order-service',
  'payment-service',
  'notification-service',
];

/** Each saga step of a confirmed order: its topic (without the test's prefix), who publishes it, who must process it. */
const sagaSteps = [
  { topic: 'order.created.v1', publisher: 'order-service', consumers: ['inventory-service'] },
  {
    topic: 'inventory.reserved.v1',
    publisher: 'inventory-service',
    consumers: ['payment-service'],
  },
  { topic: 'payment.succeeded.v1', publisher: 'payment-service', consumers: ['order-service'] },
  {
    topic: 'order.confirmed.v1',
    publisher: 'order-service',
    consumers: ['inventory-service', 'notification-service'],
  },
];

beforeAll(async () => {
  jaeger = await startJaeger();
  system = await startSystem(infra, {
    all: {
      OTEL_SDK_DISABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint,
      // Export within half a second rather than the default five.
      OTEL_BSP_SCHEDULE_DELAY: '500',
    },
  });
  const login = await callThrough('/auth/login', { body: admin });
  expect(login.status).toBe(200);
  adminToken = login.body.accessToken;
}, 600_000);

afterAll(async () => {
  await system?.stop();
  jaeger?.stop();
});

describe('the trace of one order in Jaeger', () => {
  it('holds every service under its own name, each saga step, and the timeline trace id', async () => {
    const product = await callThrough('/products', {
      token: adminToken,
      body: {
        sku: `TRACE-${randomUUID().slice(0, 8)}`,
        name: 'Traced mug',
        description: 'A mug whose order is followed through Jaeger.',
        category: 'kitchen',
        price: { amount: 1500, currency: 'EUR' },
      },
    });
    expect(product.status).toBe(201);
    const stocked = await callThrough(`/inventory/${product.body.id}`, {
      method: 'PUT',
      token: adminToken,
      body: { onHand: 5 },
    });
    expect(stocked.status).toBe(201);

    // The client traces its checkout (sign-up, sign-in, order) as one operation, as a browser
    // with OpenTelemetry would; its traceparent makes the gateway continue that trace.
    const traceId = randomBytes(16).toString('hex');
    const headers = { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
    const customer = { email: `${randomUUID()}@trace.test`, password: 'trace-customer-password' };
    expect((await callThrough('/auth/register', { body: customer, headers })).status).toBe(201);
    const login = await call(api('/auth/login'), { body: customer, headers });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const placed = await callThrough('/orders', {
      token,
      headers: { ...headers, 'idempotency-key': randomUUID() },
      body: { lines: [{ productId: product.body.id, quantity: 1 }] },
    });
    expect(placed.status).toBe(201);
    const orderId = placed.body.id as string;
    await expect
      .poll(async () => (await call(api(`/orders/${orderId}`), { token })).body.status, eventually)
      .toBe('CONFIRMED');

    // The order's timeline names the same trace at every step.
    const timeline = await call(api(`/orders/${orderId}/timeline`), { token });
    const stepTraceIds = new Set(
      timeline.body.steps.map((step: { traceId?: string }) => step.traceId),
    );
    expect([...stepTraceIds]).toEqual([traceId]);

    // Spans arrive in batches from seven processes; wait until the last saga step is in.
    const serviceOf = (trace: JaegerTrace, span: JaegerSpan) =>
      trace.processes[span.processID]?.serviceName;
    const spansNamed = (trace: JaegerTrace, suffix: string) =>
      trace.spans.filter((span) => span.operationName.endsWith(suffix));
    // What the trace still lacks, so a failure says what never arrived.
    const missing = (trace: JaegerTrace | undefined) => {
      if (!trace) return ['the trace'];
      const services = allServices.filter(
        (name) => !trace.spans.some((span) => serviceOf(trace, span) === name),
      );
      const steps = sagaSteps.flatMap((step) =>
        step.consumers
          .filter(
            (consumer) =>
              !spansNamed(trace, `${step.topic} process`).some(
                (span) => serviceOf(trace, span) === consumer,
              ),
          )
          .map((consumer) => `${step.topic} process in ${consumer}`),
      );
      return [...services, ...steps];
    };
    await expect.poll(async () => missing(await jaegerTrace(traceId)), eventually).toEqual([]);
    const trace = (await jaegerTrace(traceId)) as JaegerTrace;
    // Kept for people to read: the whole trace as Jaeger's query API returned it.
    mkdirSync(join(repoRoot, 'reports'), { recursive: true });
    writeFileSync(join(repoRoot, 'reports/order-trace.json'), JSON.stringify(trace, null, 2));

    // Every process under its own name, with its version and environment.
    const processes = Object.values(trace.processes);
    expect(new Set(processes.map((p) => p.serviceName))).toEqual(new Set(allServices));
    for (const process of processes) {
      const tags = Object.fromEntries(process.tags.map((tag) => [tag.key, tag.value]));
      expect(tags['service.version'], process.serviceName).toBe('0.1.0');
      expect(tags['deployment.environment'], process.serviceName).toBe('test');
    }

    // Each saga step: published by its producer, processed by each consumer, as its child.
    for (const step of sagaSteps) {
      const published = spansNamed(trace, `${step.topic} publish`);
      expect(
        published.map((span) => serviceOf(trace, span)),
        `${step.topic} publish`,
      ).toEqual([step.publisher]);
      for (const consumer of step.consumers) {
        const processed = spansNamed(trace, `${step.topic} process`).filter(
          (span) => serviceOf(trace, span) === consumer,
        );
        expect(processed, `${step.topic} process in ${consumer}`).toHaveLength(1);
        expect(processed[0]?.references.map((ref) => ref.spanID)).toContain(published[0]?.spanID);
      }
    }

    // Names a person can read: no function source text, no anonymous placeholders.
    const unreadable = trace.spans
      .map((span) => span.operationName)
      .filter((name) => /=>|[{}\n]|function|anonymous/.test(name) || name.length > 80);
    expect(unreadable).toEqual([]);
  }, 120_000);
});
