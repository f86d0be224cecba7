import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';

const infra = await isolatedInfra();

describe('redis', () => {
  it('is a real Redis 7 or newer', async () => {
    const info = await infra.redis.client().info('server');
    const major = Number(/redis_version:(\d+)/.exec(info)?.[1]);
    expect(major).toBeGreaterThanOrEqual(7);
  });

  it('round-trips SET/GET with ioredis under the test key prefix', async () => {
    const redis = infra.redis.client();
    await redis.set('greeting', 'hello', 'EX', 60);
    expect(await redis.get('greeting')).toBe('hello');

    // The prefix isolates this file: the raw key carries it, an unprefixed client sees it so.
    const raw = infra.redis.client({ keyPrefix: '' });
    expect(await raw.get(`${infra.redis.keyPrefix}greeting`)).toBe('hello');
    expect(await raw.ttl(`${infra.redis.keyPrefix}greeting`)).toBeGreaterThan(0);
  });
});
