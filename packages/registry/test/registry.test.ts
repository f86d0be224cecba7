import { isolatedInfra } from '@ecommerce/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  connectRegistry,
  instanceKey,
  listInstances,
  type Registration,
  registerInstance,
  serviceIndexKey,
} from '../src/index.ts';

const infra = await isolatedInfra();
const redis = infra.redis.client();
const registrations: Registration[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
  await Promise.all(registrations.splice(0).map((r) => r.deregister()));
});

async function register(
  service: string,
  url: string,
  options: { ttlMs?: number; heartbeatMs?: number } = {},
) {
  const registration = await registerInstance({ redis, service, url, ...options });
  registrations.push(registration);
  return registration;
}

describe('registry', () => {
  it('lists the registered instances of a service, and only of that service', async () => {
    const a = await register('product-service', 'http://127.0.0.1:4001/');
    const b = await register('product-service', 'http://127.0.0.1:4002');
    await register('order-service', 'http://127.0.0.1:4003');

    const listed = await listInstances(redis, 'product-service');
    expect(listed.map((i) => i.url).sort()).toEqual([
      'http://127.0.0.1:4001',
      'http://127.0.0.1:4002',
    ]);
    expect(listed.map((i) => i.instanceId).sort()).toEqual(
      [a.record.instanceId, b.record.instanceId].sort(),
    );
    expect(listed[0]?.service).toBe('product-service');
    expect(Date.parse(listed[0]?.startedAt ?? '')).not.toBeNaN();
  });

  it('writes the record with a TTL under registry:<service>:<instanceId>', async () => {
    const registration = await register('user-service', 'http://127.0.0.1:4010', { ttlMs: 10_000 });
    const key = instanceKey('user-service', registration.record.instanceId);
    expect(JSON.parse((await redis.get(key)) ?? '{}')).toMatchObject({
      url: 'http://127.0.0.1:4010',
    });
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10_000);
  });

  it('keeps an instance alive with its heartbeat beyond the TTL', async () => {
    await register('payment-service', 'http://127.0.0.1:4020', { ttlMs: 600, heartbeatMs: 150 });
    await sleep(1_500);
    expect(await listInstances(redis, 'payment-service')).toHaveLength(1);
  });

  it('drops an instance whose record expired, and prunes the index', async () => {
    await redis.set(
      instanceKey('inventory-service', 'crashed'),
      JSON.stringify({
        service: 'inventory-service',
        instanceId: 'crashed',
        url: 'http://127.0.0.1:4030',
        startedAt: new Date().toISOString(),
      }),
      'PX',
      100,
    );
    await redis.sadd(serviceIndexKey('inventory-service'), 'crashed');
    await sleep(300);
    expect(await listInstances(redis, 'inventory-service')).toEqual([]);
    expect(await redis.smembers(serviceIndexKey('inventory-service'))).toEqual([]);
  });

  it('removes the instance at once on deregister and stops the heartbeat', async () => {
    const registration = await registerInstance({
      redis,
      service: 'notification-service',
      url: 'http://127.0.0.1:4040',
      ttlMs: 1_000,
      heartbeatMs: 50,
    });
    await registration.deregister();
    await sleep(200);
    expect(await listInstances(redis, 'notification-service')).toEqual([]);
  });

  it('rejects a heartbeat that could not renew the record before it expires', async () => {
    await expect(
      registerInstance({
        redis,
        service: 'x',
        url: 'http://127.0.0.1:1',
        ttlMs: 1_000,
        heartbeatMs: 1_000,
      }),
    ).rejects.toThrow(RangeError);
  });

  it('connects with its own key prefix, so registries can share one Redis', async () => {
    const prefixed = connectRegistry(infra.redis.url, {
      keyPrefix: `${infra.redis.keyPrefix}staging:`,
    });
    try {
      const registration = await registerInstance({
        redis: prefixed,
        service: 'order-service',
        url: 'http://10.0.0.1:3004',
      });
      registrations.push(registration);
      expect(await listInstances(prefixed, 'order-service')).toHaveLength(1);
      expect(await listInstances(redis, 'order-service')).toEqual([]);
      expect(
        await redis.exists(
          `staging:${instanceKey('order-service', registration.record.instanceId)}`,
        ),
      ).toBe(1);
    } finally {
      await Promise.all(registrations.splice(0).map((r) => r.deregister()));
      prefixed.disconnect();
    }
  });
});

describe('registry while Redis is unreachable', () => {
  it('reports a failed beat instead of rejecting, and keeps beating', async () => {
    const unreachable = connectRegistry('redis://127.0.0.1:1', {
      keyPrefix: infra.redis.keyPrefix,
    });
    const errors: unknown[] = [];
    try {
      const registration = await registerInstance({
        redis: unreachable,
        service: 'user-service',
        url: 'http://127.0.0.1:4050',
        heartbeatMs: 100,
        onHeartbeatError: (error) => errors.push(error),
      });
      expect(errors.length).toBeGreaterThan(0);
      await registration.deregister().catch(() => {});
    } finally {
      unreachable.disconnect();
    }
  });
});
