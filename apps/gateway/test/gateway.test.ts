import { request } from 'node:http';
import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { isolatedInfra } from '@ecommerce/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway, startUpstreams } from './support/gateway.ts';
import type { UpstreamServer } from './support/upstream-server.ts';

const infra = await isolatedInfra();
const issuer = await createTestTokenIssuer();
const upstreams = await startUpstreams(issuer);
let gateway: FastifyInstance;
let token: string;

beforeAll(async () => {
  gateway = await buildGateway(infra, {
    JWKS_URL: `${upstreams['user-service'].url}/.well-known/jwks.json`,
    UPSTREAM_USER_SERVICE: upstreams['user-service'].url,
    UPSTREAM_PRODUCT_SERVICE: upstreams['product-service'].url,
    UPSTREAM_INVENTORY_SERVICE: upstreams['inventory-service'].url,
    UPSTREAM_ORDER_SERVICE: upstreams['order-service'].url,
    UPSTREAM_PAYMENT_SERVICE: upstreams['payment-service'].url,
    UPSTREAM_NOTIFICATION_SERVICE: upstreams['notification-service'].url,
  });
  token = await issuer.token({ userId: '6f1c2a52-0000-4000-8000-000000000001' });
});

afterAll(async () => {
  await gateway.close();
  await Promise.all(Object.values(upstreams).map((u) => u.close()));
});

const last = (upstream: UpstreamServer) => upstream.received.at(-1);

describe('routing', () => {
  it.each([
    ['/api/auth/login', 'user-service', '/auth/login'],
    ['/api/users/me', 'user-service', '/users/me'],
    ['/api/products/p-1?fields=name', 'product-service', '/products/p-1?fields=name'],
    ['/api/products', 'product-service', '/products'],
    ['/api/inventory/p-1', 'inventory-service', '/inventory/p-1'],
    ['/api/orders?page=2', 'order-service', '/orders?page=2'],
    ['/api/payments/x', 'payment-service', '/payments/x'],
    ['/api/notifications', 'notification-service', '/notifications'],
    ['/api/auth/jwks', 'user-service', '/.well-known/jwks.json'],
  ] as const)('%s goes to %s as %s', async (url, service, upstreamUrl) => {
    const response = await gateway.inject({ url, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    if (upstreamUrl === '/.well-known/jwks.json') {
      expect(response.json()).toEqual(issuer.jwks);
    } else {
      expect(response.json()).toMatchObject({ service, url: upstreamUrl });
    }
    expect(response.headers['x-upstream-instance']).toBe(upstreams[service].url);
  });

  it('passes the key set through at /.well-known/jwks.json without a token', async () => {
    const response = await gateway.inject({ url: '/.well-known/jwks.json' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(issuer.jwks);
  });

  it('forwards bodies byte for byte, with their content type', async () => {
    const body = '{"lines":[{"productId":"p-1","quantity":2}],  "note":"ünïcode"}';
    const response = await gateway.inject({
      method: 'POST',
      url: '/api/orders',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json; charset=utf-8',
      },
      payload: body,
    });
    expect(response.statusCode).toBe(200);
    const received = last(upstreams['order-service']);
    expect(received?.body).toBe(body);
    expect(received?.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('forwards a POST without a body (e.g. a cancel) as one', async () => {
    const response = await gateway.inject({
      method: 'POST',
      url: '/api/orders/o-1/cancel',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(200);
    expect(last(upstreams['order-service'])).toMatchObject({ method: 'POST', body: '' });
  });

  it('rejects paths with dot segments before they reach a service', async () => {
    // Sent raw: URL parsers (fetch, inject) would resolve the dots before sending.
    const address = await gateway.listen({ port: 0, host: '127.0.0.1' });
    for (const path of ['/api/auth/../users/me', '/api/products/%2e%2e/orders', '/api/auth/./x']) {
      const { status, type } = await new Promise<{ status?: number; type?: string }>(
        (resolve, reject) => {
          request(`${address}${path}`, { path }, (res) => {
            res.resume();
            resolve({ status: res.statusCode, type: res.headers['content-type'] });
          })
            .on('error', reject)
            .end();
        },
      );
      expect(status).toBe(400);
      expect(type).toContain('application/problem+json');
    }
  });

  it('answers unknown routes with a 404 problem', async () => {
    const response = await gateway.inject({ url: '/api/unknown' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('authentication at the edge', () => {
  it.each([
    ['GET', '/api/orders'],
    ['GET', '/api/users/me'],
    ['POST', '/api/products'],
    ['DELETE', '/api/products/p-1'],
    ['PUT', '/api/inventory/p-1'],
    ['GET', '/api/payments'],
    ['GET', '/api/notifications'],
  ] as const)(
    '%s %s without a token is a 401 problem that never reaches the service',
    async (method, url) => {
      const before = Object.values(upstreams).reduce((n, u) => n + u.received.length, 0);
      const response = await gateway.inject({ method, url });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 401, instance: url.split('?')[0] });
      expect(Object.values(upstreams).reduce((n, u) => n + u.received.length, 0)).toBe(before);
    },
  );

  it.each([
    ['POST', '/api/auth/register'],
    ['POST', '/api/auth/login'],
    ['POST', '/api/auth/refresh'],
    ['POST', '/api/auth/logout'],
    ['GET', '/api/products'],
    ['GET', '/api/products/p-1'],
    ['POST', '/api/products/lookup'],
    ['GET', '/api/inventory/p-1'],
  ] as const)('%s %s is public', async (method, url) => {
    const response = await gateway.inject({
      method,
      url,
      ...(method === 'POST' ? { payload: { any: 'thing' } } : {}),
    });
    expect(response.statusCode).toBe(200);
  });

  it('rejects an expired token, a token from another issuer and a garbled one', async () => {
    const expired = await issuer.token({
      userId: 'u-1',
      expiresAt: Math.floor(Date.now() / 1000) - 60,
    });
    const foreign = await issuer.token({ userId: 'u-1', issuer: 'someone-else' });
    const other = await createTestTokenIssuer('test-key');
    const wrongKey = await other.token({ userId: 'u-1' });
    for (const bad of [expired, foreign, wrongKey, 'not.a.token']) {
      const response = await gateway.inject({
        url: '/api/orders',
        headers: { authorization: `Bearer ${bad}` },
      });
      expect(response.statusCode).toBe(401);
    }
    const response = await gateway.inject({
      url: '/api/orders',
      headers: { authorization: `Bearer ${expired}` },
    });
    expect(response.json().detail).toBe('The token has expired');
  });

  it('stops accepting a token it verified once the token expires', async () => {
    const shortLived = await issuer.token({
      userId: 'u-2',
      expiresAt: Math.floor(Date.now() / 1000) + 2,
    });
    const call = () =>
      gateway.inject({ url: '/api/orders', headers: { authorization: `Bearer ${shortLived}` } });
    expect((await call()).statusCode).toBe(200);
    expect((await call()).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const response = await call();
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toBe('The token has expired');
  });

  it('strips identity headers, keeps Authorization, and forwards the request id', async () => {
    const response = await gateway.inject({
      url: '/api/orders',
      headers: {
        authorization: `Bearer ${token}`,
        'x-user-id': 'forged-admin',
        'x-user-roles': 'admin',
        'x-user-email': 'root@example.test',
        'x-authenticated-userid': 'forged',
        'x-request-id': 'req-123',
      },
    });
    expect(response.statusCode).toBe(200);
    const headers = last(upstreams['order-service'])?.headers ?? {};
    expect(Object.keys(headers).filter((h) => /^x-(user|authenticated)/.test(h))).toEqual([]);
    expect(headers.authorization).toBe(`Bearer ${token}`);
    expect(headers['x-request-id']).toBe('req-123');
    expect(headers['x-forwarded-for']).toBeDefined();
    expect(response.headers['x-request-id']).toBe('req-123');
  });

  it('strips forged identity headers from public requests too', async () => {
    await gateway.inject({
      url: '/api/products',
      headers: { 'x-user-id': 'forged', 'x-user-roles': 'admin' },
    });
    const headers = last(upstreams['product-service'])?.headers ?? {};
    expect(headers['x-user-id']).toBeUndefined();
    expect(headers['x-user-roles']).toBeUndefined();
  });
});

describe('the gateway itself', () => {
  it('is ready and serves security headers', async () => {
    const response = await gateway.inject({ url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await gateway.inject({ url: '/docs/' });
    expect(response.statusCode).toBe(200);
  });
});
