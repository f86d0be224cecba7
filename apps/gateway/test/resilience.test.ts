import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { isolatedInfra } from '@ecommerce/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { buildGateway, deadUrl, startUpstreams } from './support/gateway.ts';
import { startUpstreamServer, type UpstreamServer } from './support/upstream-server.ts';

const infra = await isolatedInfra();
const issuer = await createTestTokenIssuer();
const upstreams = await startUpstreams(issuer);
const token = await issuer.token({ userId: 'u-1' });
const extra: UpstreamServer[] = [];
const gateways: FastifyInstance[] = [];

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  await Promise.all(extra.splice(0).map((u) => u.close()));
});
afterAll(async () => {
  await Promise.all(Object.values(upstreams).map((u) => u.close()));
});

async function gatewayWithProducts(urls: string[], env: Record<string, string> = {}) {
  const gateway = await buildGateway(infra, {
    JWKS_URL: `${upstreams['user-service'].url}/.well-known/jwks.json`,
    UPSTREAM_PRODUCT_SERVICE: urls.join(','),
    UPSTREAM_ORDER_SERVICE: urls.join(','),
    ...env,
  });
  gateways.push(gateway);
  return gateway;
}

/** The `circuit_breaker_state` sample of one circuit and state, from the gateway's /metrics. */
async function circuitState(gateway: FastifyInstance, url: string, state: string) {
  const body = (await gateway.inject({ url: '/metrics' })).body;
  const prefix = `circuit_breaker_state{circuit="product-service ${url}",state="${state}",service="gateway"} `;
  const line = body.split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length));
}

async function products(count: number) {
  const servers = await Promise.all(
    Array.from({ length: count }, (_, i) => startUpstreamServer(`product-${i}`)),
  );
  extra.push(...servers);
  return servers;
}

describe('balancing', () => {
  it('spreads requests over the instances in turn', async () => {
    const [a, b] = await products(2);
    const gateway = await gatewayWithProducts([a?.url ?? '', b?.url ?? '']);
    for (let i = 0; i < 10; i++) {
      expect((await gateway.inject({ url: '/api/products' })).statusCode).toBe(200);
    }
    expect(a?.received.length).toBe(5);
    expect(b?.received.length).toBe(5);
  });

  it('can balance by least outstanding requests', async () => {
    const [a, b] = await products(2);
    const gateway = await gatewayWithProducts([a?.url ?? '', b?.url ?? ''], {
      LOAD_BALANCING: 'least-outstanding',
    });
    for (let i = 0; i < 10; i++) await gateway.inject({ url: '/api/products' });
    expect((a?.received.length ?? 0) + (b?.received.length ?? 0)).toBe(10);
    expect(a?.received.length).toBeGreaterThan(0);
    expect(b?.received.length).toBeGreaterThan(0);
  });
});

describe('retries on another instance', () => {
  it('retries a GET on another instance when one refuses connections', async () => {
    const [live] = await products(1);
    const gateway = await gatewayWithProducts([await deadUrl(), live?.url ?? '']);
    for (let i = 0; i < 6; i++) {
      const response = await gateway.inject({ url: '/api/products' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-upstream-instance']).toBe(live?.url);
    }
  });

  it('retries a GET answered 503 on another instance, and relays the last answer when all fail', async () => {
    const [sick, healthy] = await products(2);
    sick?.answerWith(503);
    const gateway = await gatewayWithProducts([sick?.url ?? '', healthy?.url ?? '']);
    for (let i = 0; i < 4; i++) {
      expect((await gateway.inject({ url: '/api/products' })).statusCode).toBe(200);
    }
    healthy?.answerWith(503);
    const response = await gateway.inject({ url: '/api/products/x' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ title: 'upstream says no' });
  });

  it('sends a POST once, unless it carries an Idempotency-Key', async () => {
    const [sick, healthy] = await products(2);
    sick?.answerWith(503);
    const gateway = await gatewayWithProducts([sick?.url ?? '', healthy?.url ?? ''], {
      BREAKER_VOLUME_THRESHOLD: '1000',
    });
    const post = (headers: Record<string, string>) =>
      gateway.inject({
        method: 'POST',
        url: '/api/orders',
        headers: { authorization: `Bearer ${token}`, ...headers },
        payload: { lines: [] },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post({})).statusCode);
    // Round robin: half went to the sick instance and were not retried.
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    const sickBefore = sick?.received.length ?? 0;
    for (let i = 0; i < 4; i++) {
      expect((await post({ 'idempotency-key': `k-${i}` })).statusCode).toBe(200);
    }
    // Those that went to the sick instance first were repeated on the healthy one.
    expect(sick?.received.length ?? 0).toBeGreaterThan(sickBefore);
  });

  it('answers 503 problem+json with Retry-After when no instance is reachable', async () => {
    const gateway = await gatewayWithProducts([await deadUrl(), await deadUrl()]);
    const response = await gateway.inject({ url: '/api/products' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['retry-after']).toBe('5');
  });
});

describe('circuit breakers per instance', () => {
  it('opens after failures, stops sending, and closes after the instance recovers', async () => {
    const [only] = await products(1);
    only?.answerWith(503);
    const gateway = await gatewayWithProducts([only?.url ?? ''], {
      BREAKER_VOLUME_THRESHOLD: '3',
      BREAKER_RESET_TIMEOUT_MS: '500',
    });
    const url = only?.url ?? '';
    expect(await circuitState(gateway, url, 'closed')).toBe(1);
    expect(await circuitState(gateway, url, 'open')).toBe(0);
    for (let i = 0; i < 3; i++) {
      expect((await gateway.inject({ url: '/api/products' })).statusCode).toBe(503);
    }
    const reached = only?.received.length ?? 0;
    const rejected = await gateway.inject({ url: '/api/products' });
    expect(rejected.statusCode).toBe(503);
    expect(rejected.headers['retry-after']).toBe('5');
    expect(rejected.json().detail).toMatch(/No instance of product-service/);
    expect(only?.received.length).toBe(reached);
    // Right after opening: the reset timeout (500 ms) may already have half-opened it.
    expect(await circuitState(gateway, url, 'closed')).toBe(0);
    expect(
      (await circuitState(gateway, url, 'open')) || (await circuitState(gateway, url, 'halfOpen')),
    ).toBe(1);

    only?.answerWith(200);
    await vi.waitFor(
      async () => expect((await gateway.inject({ url: '/api/products' })).statusCode).toBe(200),
      { timeout: 10_000, interval: 200 },
    );
    for (let i = 0; i < 3; i++) {
      expect((await gateway.inject({ url: '/api/products' })).statusCode).toBe(200);
    }
    expect(await circuitState(gateway, url, 'closed')).toBe(1);
    expect(await circuitState(gateway, url, 'open')).toBe(0);
    expect(await circuitState(gateway, url, 'halfOpen')).toBe(0);
  });

  it('keeps serving from the other instance while one circuit is open', async () => {
    const [broken, fine] = await products(2);
    broken?.answerWith(500);
    const gateway = await gatewayWithProducts([broken?.url ?? '', fine?.url ?? ''], {
      BREAKER_VOLUME_THRESHOLD: '2',
      BREAKER_RESET_TIMEOUT_MS: '60000',
    });
    // 500 is a failure for the circuit but not retried (it is usually a bug, not an outage).
    for (let i = 0; i < 6; i++) await gateway.inject({ url: '/api/products' });
    const before = broken?.received.length ?? 0;
    for (let i = 0; i < 6; i++) {
      expect((await gateway.inject({ url: '/api/products' })).statusCode).toBe(200);
    }
    expect(broken?.received.length).toBe(before);
    expect(await circuitState(gateway, broken?.url ?? '', 'open')).toBe(1);
    expect(await circuitState(gateway, fine?.url ?? '', 'closed')).toBe(1);
  });
});

describe('active health checks', () => {
  it('takes an instance whose readiness fails out of rotation', async () => {
    const [a] = await products(1);
    const dead = await deadUrl();
    const gateway = await gatewayWithProducts([dead, a?.url ?? ''], {
      HEALTH_CHECK_INTERVAL_MS: '100',
      BREAKER_VOLUME_THRESHOLD: '1000',
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // POSTs are not retried, so each one reaching the dead instance would fail.
    for (let i = 0; i < 6; i++) {
      const response = await gateway.inject({
        method: 'POST',
        url: '/api/products/lookup',
        payload: { ids: [] },
      });
      expect(response.statusCode).toBe(200);
    }
  });
});
