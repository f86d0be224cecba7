import { randomBytes, randomUUID } from 'node:crypto';
import { call, isolatedInfra, type ServiceName } from '@ecommerce/testkit';
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
  system = await startSystem(infra, { all: traced });
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
  // the TypeScript services' (every span not Go's) under the one trace id, each
  // language's span the parent of one in the other (the Kafka hop in both directions).
  const spansOfTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
  const isGo = (span: { language?: string }) => span.language === 'go';
  const exporters = () => [
    ...new Set(spansOfTrace().map((span) => `${isGo(span) ? 'go' : 'node'} ${span.service}`)),
  ];
  await expect
    .poll(exporters, { timeout: 30_000 })
    .toEqual(
      expect.arrayContaining([
        'go payment-service',
        'node gateway',
        'node order-service',
        'node inventory-service',
      ]),
    );
  // Go spans come from payment-service alone, and payment-service's from Go alone.
  expect(exporters().filter((name) => name.endsWith(' payment-service'))).toEqual([
    'go payment-service',
  ]);
  expect(exporters().filter((name) => name.startsWith('go '))).toEqual(['go payment-service']);
  const parentIn = (child: (span: { language?: string }) => boolean, parents: boolean) => () => {
    const spans = spansOfTrace();
    const ids = new Set(spans.filter((span) => isGo(span) === parents).map((s) => s.spanId));
    return spans.some((span) => child(span) && span.parentSpanId && ids.has(span.parentSpanId));
  };
  await expect
    .poll(parentIn(isGo, false), { timeout: 20_000, message: 'a Go span with a Node parent' })
    .toBe(true);
  await expect
    .poll(
      parentIn((span) => !isGo(span), true),
      { timeout: 20_000, message: 'a Node span with a Go parent' },
    )
    .toBe(true);
});
