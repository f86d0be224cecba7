import { randomBytes, randomUUID } from 'node:crypto';
import { call, isolatedInfra, type ServiceName, serviceDatabases } from '@ecommerce/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { admin, type RunningSystem, startSystem } from '../../saga/test/system.ts';
import { type OtlpReceiver, startOtlpReceiver } from './otlp-receiver.ts';

// One order through the gateway under a trace id of the test's choosing; the TypeScript
// services and the Go payment-service must all work under it: they export their spans to an
// OTLP receiver here, their spans' ids are in their JSON logs, and the W3C traceparent each
// stores with its outbox events carries the trace id.
const infra = await isolatedInfra();
let system: RunningSystem;
let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const traced = {
    OTEL_SDK_DISABLED: 'false',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    // Both SDKs read it: spans leave within a fraction of a second, not the default 5 s.
    OTEL_BSP_SCHEDULE_DELAY: '200',
    LOG_LEVEL: 'info',
  };
  const names = Object.keys(serviceDatabases) as ServiceName[];
  system = await startSystem(infra, Object.fromEntries(names.map((name) => [name, traced])));
}, 240_000);
afterAll(async () => {
  await system?.stop();
  await receiver?.close();
}, 90_000);

const logLines = (name: ServiceName) =>
  system.services[name]
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { traceId?: string; spanId?: string; msg?: string });

async function outboxTraceparents(service: ServiceName, orderId: string) {
  const { rows } = await infra.postgres
    .pool(service)
    .query(
      `SELECT type, headers->>'traceparent' AS traceparent FROM outbox_events WHERE key = $1`,
      [orderId],
    );
  return rows as { type: string; traceparent: string | null }[];
}

it('keeps one trace id across TypeScript and Go, over HTTP and Kafka', async () => {
  const login = await call(`${system.gateway.url}/api/auth/login`, { body: admin });
  const token = login.body.accessToken as string;
  const product = await call(`${system.gateway.url}/api/products`, {
    token,
    body: {
      sku: `TRACE-${randomUUID().slice(0, 8)}`,
      name: 'Traced mug',
      description: 'A mug whose order is traced.',
      category: 'kitchen',
      price: { amount: 1200, currency: 'EUR' },
    },
  });
  expect(product.status).toBe(201);
  await call(`${system.gateway.url}/api/inventory/${product.body.id}`, {
    method: 'PUT',
    token,
    body: { onHand: 5 },
  });

  const traceId = randomBytes(16).toString('hex');
  const placed = await call(`${system.gateway.url}/api/orders`, {
    token,
    headers: {
      'idempotency-key': randomUUID(),
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    },
    body: { lines: [{ productId: product.body.id, quantity: 1 }] },
  });
  expect(placed.status).toBe(201);
  const orderId = placed.body.id as string;
  await expect
    .poll(
      async () =>
        (await call(`${system.gateway.url}/api/orders/${orderId}`, { token })).body.status,
      {
        timeout: 20_000,
        interval: 200,
      },
    )
    .toBe('CONFIRMED');

  const traceOf = (traceparent: string | null) => traceparent?.split('-')[1];
  // TypeScript: order-service's order.created, inventory-service's inventory.reserved.
  const [created] = await outboxTraceparents('order-service', orderId);
  expect(traceOf(created?.traceparent ?? null)).toBe(traceId);
  const reserved = (await outboxTraceparents('inventory-service', orderId)).find(
    (row) => row.type === 'inventory.reserved.v1',
  );
  expect(traceOf(reserved?.traceparent ?? null)).toBe(traceId);
  // Go: payment-service's payment.succeeded, written inside its consumer span.
  const [succeeded] = await outboxTraceparents('payment-service', orderId);
  expect(succeeded?.type).toBe('payment.succeeded.v1');
  expect(traceOf(succeeded?.traceparent ?? null)).toBe(traceId);
  // And the order's confirmation, by TypeScript again, continues the Go span.
  await expect
    .poll(async () =>
      (await outboxTraceparents('order-service', orderId)).map((row) => traceOf(row.traceparent)),
    )
    .toEqual([traceId, traceId]);

  // Spans of both languages: log lines carrying the trace id, each with its own span id.
  const goLines = logLines('payment-service').filter((line) => line.traceId === traceId);
  expect(goLines.map((line) => line.msg)).toContain('event handled');
  const tsLines = logLines('order-service').filter((line) => line.traceId === traceId);
  expect(tsLines.length).toBeGreaterThan(0);
  const spanIds = new Set([...goLines, ...tsLines].map((line) => line.spanId));
  expect(spanIds.size).toBeGreaterThan(1);

  // The spans themselves, as exported: Go's (its SDK names the language in the resource) and
  // the TypeScript services' (no language in their resource) under the one trace id, each
  // language's span the parent of one in the other (the Kafka hop in both directions).
  const spansOfTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
  const isGo = (span: { language?: string }) => span.language === 'go';
  await expect
    .poll(() => new Set(spansOfTrace().map(isGo)), { timeout: 20_000 })
    .toEqual(new Set([true, false]));
  const spans = spansOfTrace();
  const goSpans = spans.filter(isGo);
  const nodeSpans = spans.filter((span) => !isGo(span));
  expect(new Set(goSpans.map((span) => span.service))).toEqual(new Set(['payment-service']));
  expect(nodeSpans.map((span) => span.service)).not.toContain('payment-service');
  const ids = (list: typeof spans) => new Set(list.map((span) => span.spanId));
  expect(
    goSpans.some((span) => span.parentSpanId && ids(nodeSpans).has(span.parentSpanId)),
    'a Go span whose parent is a Node span',
  ).toBe(true);
  await expect
    .poll(
      () =>
        spansOfTrace().some(
          (span) => !isGo(span) && span.parentSpanId && ids(goSpans).has(span.parentSpanId),
        ),
      { timeout: 20_000 },
    )
    .toBe(true);
});
