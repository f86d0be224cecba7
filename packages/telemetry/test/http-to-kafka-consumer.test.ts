import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelemetry } from '../src/start.ts';

// As `node --import @ecommerce/telemetry/register` does: the SDK first, then everything else.
const exporter = new InMemorySpanExporter();
const telemetry = startTelemetry({
  serviceName: 'order-service',
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
});
const { createService, loadConfig } = await import('@ecommerce/service-kit');
const events = await import('@ecommerce/events');
const { isolatedInfra, repoRoot } = await import('@ecommerce/testkit');
const { Type } = await import('typebox');

const infra = await isolatedInfra();
const outboxDdl = readFileSync(join(repoRoot, 'packages/events/sql/outbox.sql'), 'utf8');

afterAll(() => telemetry.shutdown());

async function finishedSpansIncluding(name: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!exporter.getFinishedSpans().some((s) => s.name === name) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return exporter.getFinishedSpans();
}

describe('one trace from an HTTP request through Kafka into the consumer', () => {
  it('gives the consumer span the trace id of the request that wrote the event', async () => {
    const orders = infra.postgres.pool('order-service');
    const inventory = infra.postgres.pool('inventory-service');
    await orders.query(outboxDdl);
    await inventory.query(outboxDdl);
    const kafka = { brokers: infra.kafka.brokers, clientId: infra.id };
    const topicName = (topic: string) => infra.kafka.topic(topic);
    await events.ensureTopics({ kafka, topics: [events.OrderCreated], topicName });

    // order-service: the route writes the order's event to its outbox in one transaction.
    const app = await createService({
      name: 'order-service',
      version: '1.0.0',
      config: loadConfig(Type.Object({}), { NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    });
    app.post('/orders', async (_request, reply) => {
      const orderId = crypto.randomUUID();
      await events.pgTransaction(orders)(async (tx) => {
        await events.enqueue(
          tx,
          events.createEvent(events.OrderCreated, {
            source: 'order-service',
            subject: orderId,
            data: {
              orderId,
              customerId: crypto.randomUUID(),
              customerEmail: 'ada@example.test',
              lines: [
                {
                  productId: crypto.randomUUID(),
                  quantity: 1,
                  unitPrice: { amount: 1999, currency: 'EUR' },
                },
              ],
              total: { amount: 1999, currency: 'EUR' },
            },
          }),
        );
      });
      return reply.code(202).send({ orderId });
    });
    const relay = events.createOutboxRelay({
      pool: orders,
      producer: await events.createEventProducer({ kafka, topicName }),
      topicName,
    });
    await relay.start();

    // inventory-service: consumes the event; its handler records the trace it runs in.
    const handled = Promise.withResolvers<{ orderId: string; traceId: string | undefined }>();
    const consumer = events
      .createEventConsumer({
        kafka,
        groupId: infra.kafka.groupId('inventory-service'),
        transaction: events.pgTransaction(inventory),
        topicName,
      })
      .on(events.OrderCreated, async (event) => {
        handled.resolve({
          orderId: event.data.orderId,
          traceId: trace.getActiveSpan()?.spanContext().traceId,
        });
      });
    await consumer.start();

    try {
      const response = await app.inject({ method: 'POST', url: '/orders' });
      expect(response.statusCode).toBe(202);
      const { orderId } = response.json<{ orderId: string }>();

      const consumed = await handled.promise;
      expect(consumed.orderId).toBe(orderId);

      const topic = infra.kafka.topic(events.OrderCreated.topic);
      // The consumer's span ends after the handler's transaction commits, a moment later.
      const spans = await finishedSpansIncluding(`${topic} process`);
      const request = spans.find((s) => s.attributes['http.route'] === '/orders');
      const requestTraceId = request?.spanContext().traceId;
      expect(requestTraceId).toMatch(/^[0-9a-f]{32}$/);
      expect(consumed.traceId).toBe(requestTraceId);
      // The relay's send and the consumer's processing span belong to the same trace.
      const publish = spans.find((s) => s.name === `${topic} publish`);
      const process = spans.find((s) => s.name === `${topic} process`);
      expect(publish?.spanContext().traceId).toBe(requestTraceId);
      expect(process?.spanContext().traceId).toBe(requestTraceId);
      expect(process?.parentSpanContext?.spanId).toBe(publish?.spanContext().spanId);
    } finally {
      await consumer.stop();
      await relay.stop();
      await app.close();
    }
  });
});
