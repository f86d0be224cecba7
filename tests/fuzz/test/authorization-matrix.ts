import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { accessTokenAudience, accessTokenIssuer } from '@ecommerce/service-kit';
import { call } from '@ecommerce/testkit';
import { SignJWT } from 'jose';
import type pg from 'pg';

/** A token that must get a request nowhere, and why. */
export interface BadToken {
  name: string;
  authorization: string | undefined;
}

const subject = { sub: '00000000-0000-4000-8000-000000000001', email: 'nobody@fuzz.test' };

async function sign(
  key: Parameters<SignJWT['sign']>[0],
  header: { alg: string; kid?: string },
  expiresAt: number,
  roles: string[],
): Promise<string> {
  return new SignJWT({ email: subject.email, roles })
    .setProtectedHeader({ ...header, typ: 'JWT' })
    .setIssuer(accessTokenIssuer)
    .setAudience(accessTokenAudience)
    .setSubject(subject.sub)
    .setIssuedAt(expiresAt - 900)
    .setExpirationTime(expiresAt)
    .sign(key);
}

/**
 * No token; an admin token signed by user-service's own key that expired a minute ago; an
 * admin token with a valid lifetime signed by a key of someone else's under the same kid.
 */
export async function badTokens(users: pg.Pool): Promise<BadToken[]> {
  const { rows } = await users.query(
    'SELECT kid, algorithm, private_key_pem FROM users.signing_keys WHERE retired_at IS NULL LIMIT 1',
  );
  const key = rows[0] as { kid: string; algorithm: string; private_key_pem: string };
  const now = Math.floor(Date.now() / 1000);
  const expired = await sign(
    createPrivateKey(key.private_key_pem),
    { alg: key.algorithm, kid: key.kid },
    now - 60,
    ['admin'],
  );
  const { privateKey: foreignKey } = generateKeyPairSync('ed25519');
  const foreign = await sign(foreignKey, { alg: 'EdDSA', kid: key.kid }, now + 900, ['admin']);
  return [
    { name: 'no token', authorization: undefined },
    { name: 'an expired token', authorization: `Bearer ${expired}` },
    { name: 'a token signed by another key', authorization: `Bearer ${foreign}` },
  ];
}

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are open-ended JSON
type Json = any;

export interface Operation {
  method: string;
  /** The path with every parameter filled in. */
  path: string;
  /** As the document names it: `POST /orders/{id}/cancel`. */
  label: string;
  hasBody: boolean;
}

/** Every operation of a document that declares a bearer token, parameters filled with `fill`. */
export function securedOperations(document: Json, fill: (name: string) => string): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries<Json>(document.paths ?? {})) {
    for (const [method, operation] of Object.entries<Json>(item)) {
      if (!Array.isArray(operation?.security) || operation.security.length === 0) continue;
      operations.push({
        method: method.toUpperCase(),
        path: template.replace(/\{([^}]+)\}/g, (_, name: string) => fill(name)),
        label: `${method.toUpperCase()} ${template}`,
        hasBody: operation.requestBody !== undefined,
      });
    }
  }
  return operations;
}

/** Calls one operation as `authorization` would, with an empty JSON body where it takes one. */
export function callAs(baseUrl: string, operation: Operation, authorization: string | undefined) {
  return call(`${baseUrl}${operation.path}`, {
    method: operation.method,
    headers: authorization ? { authorization } : {},
    ...(operation.hasBody ? { body: {} } : {}),
  });
}

/** Rows of every table of every service schema, to show that refused requests changed nothing. */
export async function rowCounts(admin: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await admin.query(
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
      WHERE table_schema IN ('users', 'catalog', 'inventory', 'orders', 'payments', 'notifications')
        AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows as { name: string }[]) {
    const [schema, table] = name.split('.');
    const result = await admin.query(`SELECT count(*)::int AS n FROM "${schema}"."${table}"`);
    counts[name] = result.rows[0].n;
  }
  return counts;
}
