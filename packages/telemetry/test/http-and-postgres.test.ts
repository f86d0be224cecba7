import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelemetry } from '../src/start.ts';

// The SDK must be running before the instrumented modules are imported, as `--import` does.
const exporter = new InMemorySpanExporter();
const telemetry = startTelemetry({
  serviceName: 'telemetry-test',
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
});
const { default: Fastify } = await import('fastify');
const { isolatedInfra } = await import('@ecommerce/testkit');
const infra = await isolatedInfra();

afterAll(() => telemetry.shutdown());

describe('telemetry', () => {
  it('continues an incoming trace through a Fastify route into Postgres queries', async () => {
    const db = infra.postgres.pool('order-service');
    const app = Fastify();
    app.get('/orders/:id', async () => {
      const { rows } = await db.query<{ answer: number }>('SELECT 42 AS answer');
      return rows[0];
    });
    await app.ready();

    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await app.inject({
      url: '/orders/1',
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(response.json()).toEqual({ answer: 42 });
    await app.close();

    const spans = exporter.getFinishedSpans();
    const route = spans.find((s) => s.attributes['http.route'] === '/orders/:id');
    expect(route?.spanContext().traceId).toBe(traceId);
    const query = spans.find(
      (s) =>
        s.attributes['db.system.name'] === 'postgresql' ||
        s.attributes['db.system'] === 'postgresql',
    );
    expect(query?.spanContext().traceId).toBe(traceId);
  });
});
