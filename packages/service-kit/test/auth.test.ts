import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { authentication, isOwnerOrAdmin } from '../src/index.ts';
import { createTestTokenIssuer } from '../src/testing.ts';
import { testApp } from './support/test-app.ts';

const issuer = await createTestTokenIssuer();
const userId = '0b7a3c1e-6f7d-4c53-9a54-3f0a4f6f1c11';

async function appWith(options: Parameters<typeof authentication>[1]) {
  const { app } = await testApp();
  await app.register(authentication, options);
  app.get('/me', { onRequest: [app.authenticate] }, async (request) => request.identity);
  app.get('/admin', { onRequest: [app.requireRole('admin')] }, async () => ({ ok: true }));
  await app.ready();
  return app;
}

const app = await appWith({ jwks: issuer.jwks });
afterAll(() => app.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('authentication', () => {
  it('gives the route the identity from a valid token', async () => {
    const token = await issuer.token({ userId, email: 'ada@example.test', roles: ['customer'] });
    const response = await app.inject({ url: '/me', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ userId, email: 'ada@example.test', roles: ['customer'] });
  });

  it('answers 401 problem+json without a token', async () => {
    const response = await app.inject({ url: '/me' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 401, title: 'Authentication required' });
  });

  it('ignores forged identity headers', async () => {
    const response = await app.inject({
      url: '/admin',
      headers: { 'x-user-id': userId, 'x-user-roles': 'admin', 'x-user-email': 'a@b.c' },
    });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['expired', () => issuer.token({ userId, expiresAt: Math.floor(Date.now() / 1000) - 60 })],
    ['from another issuer', () => issuer.token({ userId, issuer: 'someone-else' })],
    ['signed with another key', async () => (await createTestTokenIssuer()).token({ userId })],
    ['malformed', async () => 'not.a.jwt'],
  ])('answers 401 to a token that is %s', async (_, token) => {
    const response = await app.inject({ url: '/me', headers: bearer(await token()) });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ status: 401, title: 'Invalid access token' });
  });

  it('answers 403 when the role is missing and lets the role through', async () => {
    const customer = await issuer.token({ userId, roles: ['customer'] });
    const admin = await issuer.token({ userId, roles: ['admin'] });
    expect((await app.inject({ url: '/admin', headers: bearer(customer) })).statusCode).toBe(403);
    expect((await app.inject({ url: '/admin', headers: bearer(admin) })).statusCode).toBe(200);
  });

  it("fetches the signing keys from user-service's JWKS URL", async () => {
    let fetches = 0;
    const jwksServer = createServer((_, res) => {
      fetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(issuer.jwks));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    const remote = await appWith({ jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json` });
    try {
      const token = await issuer.token({ userId });
      for (let i = 0; i < 3; i++) {
        expect((await remote.inject({ url: '/me', headers: bearer(token) })).statusCode).toBe(200);
      }
      expect(fetches).toBe(1); // cached
    } finally {
      await remote.close();
      jwksServer.close();
    }
  });

  it('treats owners and admins as allowed, others not', () => {
    expect(isOwnerOrAdmin({ userId, email: '', roles: ['customer'] }, userId)).toBe(true);
    expect(isOwnerOrAdmin({ userId: 'x', email: '', roles: ['admin'] }, userId)).toBe(true);
    expect(isOwnerOrAdmin({ userId: 'x', email: '', roles: ['customer'] }, userId)).toBe(false);
    expect(isOwnerOrAdmin(undefined, userId)).toBe(false);
  });
});

describe('authentication in the OpenAPI document', () => {
  it('marks guarded routes as needing a bearer token and leaves public ones alone', async () => {
    const { app: documented } = await testApp();
    await documented.register(authentication, { jwks: issuer.jwks });
    documented.get('/public', async () => ({}));
    documented.get('/private', { onRequest: [documented.authenticate] }, async () => ({}));
    documented.get('/admin', { onRequest: [documented.requireRole('admin')] }, async () => ({}));
    await documented.ready();
    const spec = (await documented.inject({ url: '/openapi.json' })).json();
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ scheme: 'bearer' });
    expect(spec.paths['/public'].get.security).toBeUndefined();
    expect(spec.paths['/private'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(spec.paths['/admin'].get.security).toEqual([{ bearerAuth: [] }]);
    await documented.close();
  });
});
