import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { isolatedInfra } from '@ecommerce/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { leaseSize } from '../src/rate-limit/leased-redis-store.ts';
import { buildGateway, startUpstreams } from './support/gateway.ts';

// Two gateway instances sharing one Redis budget, each admitting from its own leases of it.
const infra = await isolatedInfra();
const issuer = await createTestTokenIssuer();
const upstreams = await startUpstreams(issuer);
const started: FastifyInstance[] = [];

afterAll(async () => {
  await Promise.all(started.map((gateway) => gateway.close()));
  await Promise.all(Object.values(upstreams).map((u) => u.close()));
});

async function twoInstances(userMax: number, leasePercent: number) {
  const prefix = `${infra.redis.keyPrefix}rate-limit:${userMax}-${leasePercent}:`;
  const env = {
    JWKS_URL: `${upstreams['user-service'].url}/.well-known/jwks.json`,
    UPSTREAM_USER_SERVICE: upstreams['user-service'].url,
    UPSTREAM_ORDER_SERVICE: upstreams['order-service'].url,
    RATE_LIMIT_USER_MAX: String(userMax),
    RATE_LIMIT_LEASE_PERCENT: String(leasePercent),
    RATE_LIMIT_KEY_PREFIX: prefix,
  };
  const instances = await Promise.all([buildGateway(infra, env), buildGateway(infra, env)]);
  started.push(...instances);
  return instances;
}

/** The stated tolerance: the other instance's unused lease, at most 1.25 leases. */
const tolerance = (max: number, leasePercent: number) =>
  Math.floor(1.25 * leaseSize(max, leasePercent / 100));

describe('rate limits across two gateway instances', () => {
  it('admits at most the limit, and no fewer than the tolerance allows, when requests alternate', async () => {
    const max = 40;
    const [a, b] = await twoInstances(max, 5);
    const token = await issuer.token({ userId: 'alternating-user' });
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      const gateway = i % 2 === 0 ? a : b;
      const response = await gateway?.inject({
        url: '/api/orders',
        headers: { authorization: `Bearer ${token}` },
      });
      statuses.push(response?.statusCode ?? 0);
    }
    const admitted = statuses.filter((status) => status === 200).length;
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(admitted).toBeLessThanOrEqual(max);
    expect(admitted).toBeGreaterThanOrEqual(max - tolerance(max, 5));
    // Once refused, refused on both: the budget is spent everywhere.
    expect(statuses.slice(-10).every((status) => status === 429)).toBe(true);
  });

  it('holds the limit under a concurrent burst on both instances, with leases refilled in the background', async () => {
    const max = 100;
    const [a, b] = await twoInstances(max, 10);
    const token = await issuer.token({ userId: 'bursting-user' });
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        (i % 2 === 0 ? a : b)?.inject({
          url: '/api/orders',
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    const admitted = responses.filter((response) => response?.statusCode === 200).length;
    const refused = responses.filter((response) => response?.statusCode === 429).length;
    expect(admitted + refused).toBe(300);
    expect(admitted).toBeLessThanOrEqual(max);
    expect(admitted).toBeGreaterThanOrEqual(max - tolerance(max, 10));
  });
});
