import { accessTokenAudience, accessTokenIssuer } from '@ecommerce/service-kit';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { userServiceTestbed } from './support.ts';

const testbed = await userServiceTestbed();
const app = await testbed.app();

const password = 'correct horse battery';

async function register(email: string, body: Record<string, unknown> = {}) {
  return app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { email, password, ...body },
  });
}

async function login(email: string, secret = password) {
  return app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: secret } });
}

async function refresh(refreshToken: string) {
  return app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken } });
}

function expectProblem(response: Awaited<ReturnType<typeof login>>, status: number) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status });
}

afterAll(() => app.close());

describe('POST /auth/register', () => {
  it('creates a customer and never returns the password hash', async () => {
    const response = await register('Grace@Example.test', { name: 'Grace Hopper' });
    expect(response.statusCode).toBe(201);
    const user = response.json();
    expect(user).toEqual({
      id: expect.any(String),
      email: 'grace@example.test',
      name: 'Grace Hopper',
      roles: ['customer'],
      createdAt: expect.any(String),
    });
    expect(response.headers.location).toBe(`/users/${user.id}`);
    expect(response.body).not.toContain('scrypt');
    const stored = await testbed.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
  });

  it('answers 409 to an email that is taken, whatever its case', async () => {
    expect((await register('dup@example.test')).statusCode).toBe(201);
    const response = await register('DUP@example.TEST');
    expectProblem(response, 409);
    expect(response.json()).toMatchObject({ title: 'Email already registered' });
  });

  it.each([
    ['too short', 'dup2@example.test', 'short-pass'],
    ['the email address', 'same@example.test', 'Same@Example.test'],
    ['too long', 'long@example.test', 'x'.repeat(129)],
  ])('answers 400 naming the password field when it is %s', async (_, email, weak) => {
    const response = await register(email, { password: weak });
    expectProblem(response, 400);
    expect(response.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'body', field: 'password' })]),
    );
  });

  it('gives one of two concurrent registrations of an email 201 and the other 409', async () => {
    const statuses = await Promise.all([
      register('race@example.test'),
      register('RACE@example.test'),
    ]);
    expect(statuses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
  });

  it('answers 400 to a malformed email', async () => {
    const bad = await register('not-an-email');
    expectProblem(bad, 400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it('refuses roles in the body: nobody registers as an admin', async () => {
    const response = await register('mallory@example.test', { roles: ['admin'] });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'roles' })]);
    const plain = await register('mallory@example.test');
    expect(plain.statusCode).toBe(201);
    expect(plain.json().roles).toEqual(['customer']);
  });
});

describe('POST /auth/login', () => {
  it('issues an access token that verifies against the published JWKS, with the agreed claims', async () => {
    const user = (await register('ada@example.test')).json();
    const response = await login('ADA@example.test');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const tokens = response.json();
    expect(tokens).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });

    const jwksResponse = await app.inject({ url: '/.well-known/jwks.json' });
    expect(jwksResponse.statusCode).toBe(200);
    expect(jwksResponse.headers['cache-control']).toBe('public, max-age=300');
    const jwks = jwksResponse.json() as JSONWebKeySet;
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);

    const { payload, protectedHeader } = await jwtVerify(
      tokens.accessToken,
      createLocalJWKSet(jwks),
      { issuer: accessTokenIssuer, audience: accessTokenAudience, algorithms: ['EdDSA'] },
    );
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: jwks.keys[0]?.kid });
    expect(payload).toMatchObject({ sub: user.id, email: 'ada@example.test', roles: ['customer'] });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
  });

  it('answers the same 401 to a wrong password and to an unknown email', async () => {
    await register('bob@example.test');
    const wrong = await login('bob@example.test', 'not the password');
    const unknown = await login('nobody@example.test', 'not the password');
    expectProblem(wrong, 401);
    expectProblem(unknown, 401);
    const { requestId: _a, ...wrongBody } = wrong.json();
    const { requestId: _b, ...unknownBody } = unknown.json();
    expect(wrongBody).toEqual(unknownBody);
  });

  it('locks the email with 429 and Retry-After after repeated failures, for known and unknown emails', async () => {
    await register('eve@example.test');
    for (const email of ['eve@example.test', 'ghost@example.test']) {
      for (let attempt = 0; attempt < 3; attempt++) {
        expectProblem(await login(email, 'guess guess guess'), 401);
      }
      const locked = await login(email, password);
      expectProblem(locked, 429);
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(600);
    }
    // Other addresses are not affected.
    await register('frank@example.test');
    expect((await login('frank@example.test')).statusCode).toBe(200);
  });

  it('forgets earlier failures after a successful login', async () => {
    await register('heidi@example.test');
    for (let attempt = 0; attempt < 2; attempt++) {
      expectProblem(await login('heidi@example.test', 'guess guess guess'), 401);
    }
    expect((await login('heidi@example.test')).statusCode).toBe(200);
    for (let attempt = 0; attempt < 2; attempt++) {
      expectProblem(await login('heidi@example.test', 'guess guess guess'), 401);
    }
    expect((await login('heidi@example.test')).statusCode).toBe(200);
  });

  it('answers 400 to a body without a password', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'ada@example.test' },
    });
    expectProblem(response, 400);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'password' })]);
  });
});

describe('POST /auth/refresh', () => {
  it('rotates: the new refresh token works, the old one is refused', async () => {
    await register('ivan@example.test');
    const first = (await login('ivan@example.test')).json();
    const rotated = await refresh(first.refreshToken);
    expect(rotated.statusCode).toBe(200);
    const second = rotated.json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).toEqual(expect.any(String));
    expect((await refresh(second.refreshToken)).statusCode).toBe(200);
  });

  it('revokes the whole session when a rotated refresh token is reused', async () => {
    await register('judy@example.test');
    const first = (await login('judy@example.test')).json();
    const second = (await refresh(first.refreshToken)).json();
    const other = (await login('judy@example.test')).json();

    expectProblem(await refresh(first.refreshToken), 401);
    // The legitimate holder's current token dies with the family ...
    expectProblem(await refresh(second.refreshToken), 401);
    // ... while another login session of the same user is untouched.
    expect((await refresh(other.refreshToken)).statusCode).toBe(200);
  });

  it('lets only one of two concurrent refreshes with one token succeed, and ends the session', async () => {
    await register('olga@example.test');
    const { refreshToken } = (await login('olga@example.test')).json();
    const responses = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 401]);
    const winner = responses.find((response) => response.statusCode === 200)?.json();
    expectProblem(await refresh(winner.refreshToken), 401);
  });

  it('refuses unknown and expired refresh tokens', async () => {
    expectProblem(await refresh('A'.repeat(43)), 401);
    await register('ken@example.test');
    const { refreshToken } = (await login('ken@example.test')).json();
    await testbed.db.refreshToken.updateMany({
      where: { user: { email: 'ken@example.test' } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expectProblem(await refresh(refreshToken), 401);
  });

  it('stores only a hash of the refresh token', async () => {
    await register('leo@example.test');
    const { refreshToken } = (await login('leo@example.test')).json();
    const rows = await testbed.db.refreshToken.findMany({
      where: { user: { email: 'leo@example.test' } },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(refreshToken);
  });

  it('answers 400 without a refresh token', async () => {
    const response = await app.inject({ method: 'POST', url: '/auth/refresh', payload: {} });
    expectProblem(response, 400);
  });
});

describe('POST /auth/logout', () => {
  it('revokes the session: its refresh token stops working', async () => {
    await register('mia@example.test');
    const { refreshToken } = (await login('mia@example.test')).json();
    const response = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      payload: { refreshToken },
    });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expectProblem(await refresh(refreshToken), 401);
  });

  it('answers 204 to an unknown token and 400 to a missing one', async () => {
    const unknown = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      payload: { refreshToken: 'unknown' },
    });
    expect(unknown.statusCode).toBe(204);
    expectProblem(await app.inject({ method: 'POST', url: '/auth/logout', payload: {} }), 400);
  });
});

describe('keys', () => {
  it('keeps one signing key across restarts and instances', async () => {
    const jwks = async (instance: typeof app) =>
      (await instance.inject({ url: '/.well-known/jwks.json' })).json() as JSONWebKeySet;
    const [a, b] = await Promise.all([testbed.app(), testbed.app()]);
    expect(await jwks(a)).toEqual(await jwks(app));
    expect(await jwks(b)).toEqual(await jwks(app));
    expect((await jwks(app)).keys).toHaveLength(1);
    expect((await register('nia@example.test')).statusCode).toBe(201);
    const token: string = (await login('nia@example.test')).json().accessToken;
    expect(decodeProtectedHeader(token).kid).toBe((await jwks(a)).keys[0]?.kid);
    const me = await b.inject({ url: '/users/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
  });
});
