import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { isolatedInfra } from '@ecommerce/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildGateway, startUpstreams } from './support/gateway.ts';

const infra = await isolatedInfra();
const issuer = await createTestTokenIssuer();
const upstreams = await startUpstreams(issuer);
let gateway: FastifyInstance;

beforeAll(async () => {
  gateway = await buildGateway(infra, {
    JWKS_URL: `${upstreams['user-service'].url}/.well-known/jwks.json`,
    UPSTREAM_USER_SERVICE: upstreams['user-service'].url,
    UPSTREAM_PRODUCT_SERVICE: upstreams['product-service'].url,
    UPSTREAM_ORDER_SERVICE: upstreams['order-service'].url,
    RATE_LIMIT_ANONYMOUS_MAX: '3',
    RATE_LIMIT_USER_MAX: '5',
    RATE_LIMIT_LOGIN_MAX: '2',
  });
});

afterAll(async () => {
  await gateway.close();
  await Promise.all(Object.values(upstreams).map((u) => u.close()));
});

const get = (url: string, headers: Record<string, string> = {}) =>
  gateway.inject({ url, headers, remoteAddress: headers['x-test-ip'] ?? '10.0.0.1' });

it('limits anonymous clients per IP with a 429 problem, Retry-After and RateLimit headers', async () => {
  const ip = { 'x-test-ip': '10.0.0.1' };
  for (let i = 0; i < 3; i++) {
    const ok = await get('/api/products', ip);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['ratelimit-limit']).toBe('3');
    expect(ok.headers['ratelimit-remaining']).toBe(String(2 - i));
  }
  const limited = await get('/api/products', ip);
  expect(limited.statusCode).toBe(429);
  expect(limited.headers['content-type']).toContain('application/problem+json');
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  expect(limited.headers['ratelimit-remaining']).toBe('0');
  expect(limited.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
  // Another address has its own budget.
  expect((await get('/api/products', { 'x-test-ip': '10.0.0.2' })).statusCode).toBe(200);
});

it('limits signed-in users per user, not per IP, with their own budget', async () => {
  const token = await issuer.token({ userId: 'user-a' });
  const auth = { authorization: `Bearer ${token}`, 'x-test-ip': '10.0.0.3' };
  for (let i = 0; i < 5; i++) expect((await get('/api/orders', auth)).statusCode).toBe(200);
  expect((await get('/api/orders', auth)).statusCode).toBe(429);
  // The same user from elsewhere is still limited; someone else on that IP is not.
  expect((await get('/api/orders', { ...auth, 'x-test-ip': '10.0.0.4' })).statusCode).toBe(429);
  const other = await issuer.token({ userId: 'user-b' });
  expect(
    (await get('/api/orders', { authorization: `Bearer ${other}`, 'x-test-ip': '10.0.0.3' }))
      .statusCode,
  ).toBe(200);
});

it('gives login attempts a stricter budget of their own', async () => {
  const login = () =>
    gateway.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'a@b.c', password: 'x' },
      remoteAddress: '10.0.0.9',
    });
  expect((await login()).statusCode).toBe(200);
  expect((await login()).statusCode).toBe(200);
  const limited = await login();
  expect(limited.statusCode).toBe(429);
  expect(limited.headers['retry-after']).toBeDefined();
  // Other routes from that address still have their budget.
  expect((await get('/api/products', { 'x-test-ip': '10.0.0.9' })).statusCode).toBe(200);
});

it('does not limit health probes', async () => {
  for (let i = 0; i < 6; i++) {
    expect(
      (await gateway.inject({ url: '/health/live', remoteAddress: '10.0.0.1' })).statusCode,
    ).toBe(200);
  }
});
