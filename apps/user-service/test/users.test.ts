import { generateKeyPairSync } from 'node:crypto';
import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { bearer, seedAdmin, userServiceTestbed } from './support.ts';

const testbed = await userServiceTestbed();
const app = await testbed.app();
const password = 'correct horse battery';

async function signUp(email: string) {
  const user = (
    await app.inject({ method: 'POST', url: '/auth/register', payload: { email, password } })
  ).json();
  return { user, token: await tokenFor(email, password) };
}

async function tokenFor(email: string, secret: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { email, password: secret },
  });
  expect(response.statusCode).toBe(200);
  return response.json().accessToken;
}

const ada = await signUp('ada@example.test');
const alan = await signUp('alan@example.test');

describe('GET /users/me', () => {
  it("answers with the caller's account", async () => {
    const response = await app.inject({ url: '/users/me', headers: bearer(ada.token) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(ada.user);
    expect(response.body).not.toContain('scrypt');
  });

  it('answers 401 problem+json without a token', async () => {
    const response = await app.inject({ url: '/users/me' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 401 to forged identity headers without a token', async () => {
    const response = await app.inject({
      url: '/users/me',
      headers: { 'x-user-id': ada.user.id, 'x-user-roles': 'admin', 'x-user-email': 'a@b.c' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('answers 401 to a well-formed token signed by a key it did not publish', async () => {
    const forger = await createTestTokenIssuer();
    const forged = await forger.token({ userId: ada.user.id, roles: ['admin'] });
    expect((await app.inject({ url: '/users/me', headers: bearer(forged) })).statusCode).toBe(401);
  });
});

describe('GET /users/:id', () => {
  it('lets the owner read their account', async () => {
    const response = await app.inject({ url: `/users/${ada.user.id}`, headers: bearer(ada.token) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(ada.user);
  });

  it("answers 403 to a customer reading someone else's account", async () => {
    const response = await app.inject({
      url: `/users/${alan.user.id}`,
      headers: bearer(ada.token),
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('lets the admin read any account, and answers 404 for unknown ids', async () => {
    const admin = await tokenFor(seedAdmin.email, seedAdmin.password);
    const response = await app.inject({ url: `/users/${alan.user.id}`, headers: bearer(admin) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(alan.user);
    const missing = await app.inject({
      url: '/users/00000000-0000-4000-8000-000000000000',
      headers: bearer(admin),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('answers 400 to an id that is not a UUID and 401 without a token', async () => {
    const bad = await app.inject({ url: '/users/42', headers: bearer(ada.token) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ in: 'params', field: 'id' })]);
    expect((await app.inject({ url: `/users/${ada.user.id}` })).statusCode).toBe(401);
  });
});

describe('the seeded development admin', () => {
  it('exists once, with the admin role, however often the service starts', async () => {
    await testbed.app();
    const admins = await testbed.db.user.findMany({ where: { email: seedAdmin.email } });
    expect(admins).toHaveLength(1);
    expect(admins[0]?.roles).toEqual(['admin']);
  });

  it('is not created in production', async () => {
    const email = 'prod-admin@example.test';
    await testbed.app({ NODE_ENV: 'production', SEED_ADMIN_EMAIL: email });
    expect(await testbed.db.user.count({ where: { email } })).toBe(0);
  });
});

describe('a signing key from JWT_PRIVATE_KEY', () => {
  it('signs with that key and publishes it next to the stored keys', async () => {
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const configured = await testbed.app({ JWT_PRIVATE_KEY: pem, JWT_KEY_ID: 'from-secrets' });
    const login = await configured.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'ada@example.test', password },
    });
    const token = login.json().accessToken;
    expect(decodeProtectedHeader(token).kid).toBe('from-secrets');
    const jwks = (
      await configured.inject({ url: '/.well-known/jwks.json' })
    ).json() as JSONWebKeySet;
    expect(jwks.keys.map((key) => key.kid)).toContain('from-secrets');
    expect(jwks.keys).toHaveLength(2);
    expect((await configured.inject({ url: '/users/me', headers: bearer(token) })).statusCode).toBe(
      200,
    );
    // Tokens signed by the stored key before the change still verify.
    expect(
      (await configured.inject({ url: '/users/me', headers: bearer(ada.token) })).statusCode,
    ).toBe(200);
  });

  it('refuses to start with a key that is not a private key', async () => {
    await expect(testbed.app({ JWT_PRIVATE_KEY: 'not a pem' })).rejects.toThrow(/JWT_PRIVATE_KEY/);
  });
});

describe('platform endpoints', () => {
  it('is ready when Postgres answers', async () => {
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
  });

  it('documents every route in /openapi.json', async () => {
    const { paths } = (await app.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/auth/register',
        '/auth/login',
        '/auth/refresh',
        '/auth/logout',
        '/.well-known/jwks.json',
        '/users/me',
        '/users/{id}',
      ]),
    );
  });
});
