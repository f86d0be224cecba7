import { isolatedInfra } from '@ecommerce/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { kafkaCheck, postgresCheck, redisCheck } from '../src/index.ts';
import { testApp } from './support/test-app.ts';

const infra = await isolatedInfra();

async function appWithChecks(register: (app: Awaited<ReturnType<typeof testApp>>['app']) => void) {
  const { app, logs } = await testApp();
  register(app);
  await app.ready();
  return { app, logs };
}

// Nothing listens on port 1: connecting fails at once, and no retry hides the failure.
const unreachableRedis = new Redis({
  host: '127.0.0.1',
  port: 1,
  lazyConnect: true,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
});
// The failed connection is reported through the check; the client need not shout about it.
unreachableRedis.on('error', () => {});
afterAll(() => unreachableRedis.disconnect());

describe('/health/live', () => {
  it('answers 200 with no checks at all', async () => {
    const { app } = await testApp();
    const res = await app.inject('/health/live');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    await app.close();
  });
});

describe('/health/ready', () => {
  it('is 200 when real Postgres and Redis answer', async () => {
    const { app } = await appWithChecks((app) => {
      app.addReadinessCheck('postgres', postgresCheck(infra.postgres.pool('order-service')));
      app.addReadinessCheck('redis', redisCheck(infra.redis.client()));
      app.addReadinessCheck(
        'kafka',
        kafkaCheck(async () => {}),
      );
    });
    const res = await app.inject('/health/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      checks: {
        postgres: { status: 'ok', durationMs: expect.any(Number) },
        redis: { status: 'ok', durationMs: expect.any(Number) },
        kafka: { status: 'ok', durationMs: expect.any(Number) },
      },
    });
    await app.close();
  });

  it('accepts a query function, as Prisma needs', async () => {
    const pool = infra.postgres.pool();
    const { app } = await appWithChecks((app) => {
      app.addReadinessCheck(
        'postgres',
        postgresCheck(() => pool.query('SELECT 1')),
      );
    });
    expect((await app.inject('/health/ready')).statusCode).toBe(200);
    await app.close();
  });

  it('is 503 problem+json naming each failing check', async () => {
    const { app, logs } = await appWithChecks((app) => {
      app.addReadinessCheck('postgres', postgresCheck(infra.postgres.pool()));
      app.addReadinessCheck('redis', redisCheck(unreachableRedis));
      app.addReadinessCheck('kafka', () => {
        throw new Error('producer not connected');
      });
    });
    const res = await app.inject('/health/ready');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      title: 'Service Unavailable',
      status: 503,
      detail: 'Not ready: redis, kafka failed',
      instance: '/health/ready',
      checks: {
        postgres: { status: 'ok' },
        redis: { status: 'failed', error: expect.any(String) },
        kafka: { status: 'failed', error: 'producer not connected' },
      },
    });
    expect(logs.find((line) => line.msg === 'not ready')).toMatchObject({ level: 40 });
    await app.close();
  });

  it('fails a check that takes longer than its time limit, and aborts it', async () => {
    let aborted = false;
    const { app } = await appWithChecks((app) => {
      app.addReadinessCheck(
        'slow',
        (signal) =>
          new Promise((resolve) => {
            signal.addEventListener('abort', () => {
              aborted = true;
              resolve(undefined);
            });
          }),
        { timeoutMs: 20 },
      );
    });
    const res = await app.inject('/health/ready');
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.slow).toMatchObject({
      status: 'failed',
      error: 'timed out after 20 ms',
    });
    expect(aborted).toBe(true);
    await app.close();
  });

  it('stays ready when only a non-critical dependency fails, and says it is degraded', async () => {
    const { app } = await appWithChecks((app) => {
      app.addReadinessCheck('postgres', postgresCheck(infra.postgres.pool()));
      app.addReadinessCheck(
        'kafka',
        () => {
          throw new Error('broker unreachable');
        },
        { critical: false },
      );
    });
    const res = await app.inject('/health/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'degraded',
      checks: {
        postgres: { status: 'ok' },
        kafka: { status: 'degraded', error: 'broker unreachable' },
      },
    });
    await app.close();
  });

  it('refuses a second check of the same name', async () => {
    const { app } = await testApp();
    app.addReadinessCheck('postgres', () => undefined);
    expect(() => app.addReadinessCheck('postgres', () => undefined)).toThrow(/already registered/);
    await app.close();
  });
});
