import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { isolatedInfra } from '@ecommerce/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infrastructureStatus, readinessOf } from '../src/ops/topology.ts';
import { buildGateway, deadUrl, startUpstreams, upstreamVariables } from './support/gateway.ts';

describe('readinessOf', () => {
  it('reads a service’s /health/ready answer', () => {
    expect(
      readinessOf(200, { status: 'ok', checks: { postgres: { status: 'ok', durationMs: 1 } } }),
    ).toEqual({
      ready: 'up',
      checks: { postgres: { status: 'ok' } },
    });
    expect(
      readinessOf(200, { status: 'degraded', checks: { kafka: { status: 'degraded' } } }).ready,
    ).toBe('degraded');
    expect(
      readinessOf(503, {
        title: 'Service Unavailable',
        checks: { postgres: { status: 'failed' } },
      }),
    ).toEqual({
      ready: 'down',
      checks: { postgres: { status: 'failed' } },
    });
    expect(readinessOf(undefined, undefined)).toEqual({ ready: 'unreachable', checks: {} });
  });
});

describe('infrastructureStatus', () => {
  const instance = (checks: Record<string, string>) => ({
    url: 'http://x',
    healthy: true,
    circuit: 'closed' as const,
    outstanding: 0,
    ready: 'up' as const,
    checks: Object.fromEntries(Object.entries(checks).map(([name, status]) => [name, { status }])),
  });

  it('is up when any instance reaches a server, down when every one that checks it fails, unknown when none checks it', () => {
    const status = infrastructureStatus([
      { service: 'order-service', instances: [instance({ postgres: 'ok', kafka: 'degraded' })] },
      { service: 'product-service', instances: [instance({ postgres: 'failed', redis: 'ok' })] },
      { service: 'user-service', instances: [] },
    ]);
    expect(status).toEqual([
      { name: 'postgres', status: 'up', reportedBy: ['order-service', 'product-service'] },
      { name: 'kafka', status: 'down', reportedBy: ['order-service'] },
      { name: 'redis', status: 'up', reportedBy: ['product-service'] },
    ]);
    expect(infrastructureStatus([])).toEqual(
      ['postgres', 'kafka', 'redis'].map((name) => ({ name, status: 'unknown', reportedBy: [] })),
    );
  });
});

describe('the gateway’s topology and storefront', () => {
  const infraPromise = isolatedInfra();
  let gateway: FastifyInstance;
  let issuer: Awaited<ReturnType<typeof createTestTokenIssuer>>;
  let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
  let webRoot: string;

  beforeAll(async () => {
    const infra = await infraPromise;
    issuer = await createTestTokenIssuer();
    upstreams = await startUpstreams(issuer);
    webRoot = await mkdtemp(join(tmpdir(), 'web-'));
    await mkdir(join(webRoot, 'assets'));
    await writeFile(
      join(webRoot, 'index.html'),
      '<!doctype html><title>shop</title><div id="app"></div>',
    );
    await writeFile(join(webRoot, 'assets', 'index-abc123.js'), 'console.log("shop")');
    gateway = await buildGateway(infra, {
      ...upstreamVariables(upstreams),
      // Nothing listens there: the topology shows it unreachable.
      UPSTREAM_NOTIFICATION_SERVICE: await deadUrl(),
      WEB_ROOT: webRoot,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(Object.values(upstreams ?? {}).map((upstream) => upstream.close()));
  });

  const bearer = async (roles: string[]) => ({
    authorization: `Bearer ${await issuer.token({ userId: '6f1c2a52-0000-4000-8000-000000000009', roles })}`,
  });

  it('shows admins every upstream instance with its health, circuit and readiness', async () => {
    const response = await gateway.inject({
      url: '/api/ops/topology',
      headers: await bearer(['admin']),
    });
    expect(response.statusCode).toBe(200);
    const topology = response.json();
    expect(topology.services.map((service: { service: string }) => service.service)).toEqual([
      'user-service',
      'product-service',
      'inventory-service',
      'order-service',
      'payment-service',
      'notification-service',
    ]);
    const notification = topology.services.at(-1).instances[0];
    expect(notification).toMatchObject({ ready: 'unreachable', circuit: 'closed' });
    expect(topology.services[0].instances[0].ready).not.toBe('unreachable');
    expect(topology.gateway.status).toBe('up');
    expect(topology.infrastructure.map((server: { name: string }) => server.name)).toEqual([
      'postgres',
      'kafka',
      'redis',
    ]);
  });

  it('refuses customers and anonymous callers', async () => {
    const customer = await gateway.inject({
      url: '/api/ops/topology',
      headers: await bearer(['customer']),
    });
    expect(customer.statusCode).toBe(403);
    expect(customer.headers['content-type']).toMatch(/application\/problem\+json/);
    const anonymous = await gateway.inject({ url: '/api/ops/topology' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('serves the storefront at / and its own routes, with cache headers', async () => {
    const index = await gateway.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.headers['cache-control']).toBe('no-cache');
    const deep = await gateway.inject({ url: '/orders/6f1c2a52-0000-4000-8000-000000000001' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<div id="app">');
    const asset = await gateway.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('keeps /api for the API: an unknown API path is a problem, not the page', async () => {
    const unknown = await gateway.inject({ url: '/api/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    const missingAsset = await gateway.inject({ url: '/assets/missing.js' });
    expect(missingAsset.statusCode).toBe(404);
  });
});
