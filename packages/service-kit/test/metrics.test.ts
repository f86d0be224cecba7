import { Counter } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './support/test-app.ts';

const { app } = await testApp({}, { defaultMetrics: true });
const other = await testApp();

beforeAll(async () => {
  app.get('/products/:productId', async () => ({ id: 'p' }));
  await app.ready();
  await other.app.ready();
});
afterAll(async () => {
  await app.close();
  await other.app.close();
});

async function scrape(target = app) {
  const res = await target.inject('/metrics');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body;
}

describe('/metrics', () => {
  it('has a request duration histogram labelled by route pattern, not URL', async () => {
    await app.inject('/products/42');
    await app.inject('/products/43');
    await app.inject('/no/such/route/123');
    const body = await scrape();
    expect(body).toContain('# TYPE http_request_duration_seconds histogram');
    expect(body).toContain(
      'http_request_duration_seconds_count{service="sample-service",method="GET",route="/products/:productId",status_code="200"} 2',
    );
    expect(body).toContain(
      'http_request_duration_seconds_count{service="sample-service",method="GET",route="(unmatched)",status_code="404"} 1',
    );
    expect(body).not.toContain('/products/42');
    expect(body).not.toContain('/no/such/route');
  });

  it('includes process metrics', async () => {
    const body = await scrape();
    expect(body).toContain('process_cpu_user_seconds_total');
    expect(body).toContain('nodejs_eventloop_lag_seconds');
  });

  it("keeps each app's metrics apart and takes the service's own", async () => {
    const sagas = new Counter({
      name: 'saga_outcomes_total',
      help: 'Orders that reached a terminal state.',
      labelNames: ['outcome'],
      registers: [other.app.metrics],
    });
    sagas.inc({ outcome: 'confirmed' });
    expect(await scrape(other.app)).toContain(
      'saga_outcomes_total{outcome="confirmed",service="sample-service"} 1',
    );
    expect(await scrape(other.app)).not.toContain('process_cpu_user_seconds_total');
    expect(await scrape()).not.toContain('saga_outcomes_total');
  });
});
