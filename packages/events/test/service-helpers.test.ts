import { isolatedInfra } from '@ecommerce/testkit';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createKafkaProbe, createMessagingMetrics, createOutboxPool } from '../src/index.ts';
import { kafkaSettings } from './support.ts';

const infra = await isolatedInfra();

describe('what services wire next to the relay and the consumer', () => {
  it('the outbox pool connects as the service role in its schema, ignoring ?schema=', async () => {
    const pool = createOutboxPool(`${infra.postgres.urlFor('order-service')}?schema=orders`);
    try {
      const { rows } = await pool.query('SELECT current_user AS role, current_schema() AS schema');
      expect(rows[0]).toEqual({ role: 'order_service', schema: 'orders' });
    } finally {
      await pool.end();
    }
  });

  it('the outbox pool survives Postgres ending an idle connection (a restart, an admin)', async () => {
    const errors: Error[] = [];
    const pool = createOutboxPool(infra.postgres.urlFor('order-service'), 3, (error) =>
      errors.push(error),
    );
    const admin = infra.postgres.pool();
    try {
      const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      await expect.poll(() => errors.length).toBe(1);
      expect(errors[0]?.message).toMatch(/terminating connection/);
      // The pool carries on with a new connection.
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });

  it('the Kafka probe passes against a broker and fails against none', async () => {
    const probe = createKafkaProbe(kafkaSettings(infra));
    await expect(probe.check()).resolves.toBeUndefined();
    await probe.close();

    const nobody = createKafkaProbe({
      brokers: ['127.0.0.1:1'],
      clientId: infra.id,
      logger: { error() {}, warn() {}, info() {}, debug() {} },
    });
    await expect(nobody.check()).rejects.toThrow();
    await nobody.close();
  });

  it('the messaging metrics count what the relay and the consumer report', async () => {
    const registry = new Registry();
    const metrics = createMessagingMetrics(registry);
    metrics.relay.onBacklog(7);
    metrics.relay.onPublished(3);
    metrics.consumer.onHandled({ type: 'order.created.v1' });
    metrics.consumer.onDeadLetter('failed', new Error('boom'), {
      topic: 'order.created.v1',
      partition: 0,
      offset: '1',
      attempt: 4,
    });
    const text = await registry.metrics();
    expect(text).toContain('outbox_backlog_events 7');
    expect(text).toContain('events_published_total 3');
    expect(text).toContain('events_handled_total{topic="order.created.v1"} 1');
    expect(text).toContain(
      'events_dead_lettered_total{topic="order.created.v1",reason="failed"} 1',
    );
  });
});
