import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { forbidden, unauthorized } from './problem.ts';
import { declareProblems } from './route-contract.ts';

/** Who is calling, as proven by a verified access token. Nothing else is trusted. */
export interface Identity {
  userId: string;
  email: string;
  roles: string[];
}

/** The issuer and audience every access token of this system carries (user-service signs). */
export const accessTokenIssuer = 'ecommerce/user-service';
export const accessTokenAudience = 'ecommerce';

export interface AuthOptions {
  /** user-service's `/.well-known/jwks.json`; keys are cached and refetched on an unknown kid. */
  jwksUrl?: string;
  /** A key set held in memory instead (user-service itself, tests). */
  jwks?: JSONWebKeySet;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `app.authenticate`; absent on routes that do not require it. */
    identity?: Identity;
  }
  interface FastifyInstance {
    /** onRequest hook: 401 unless the request carries a valid access token. */
    authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    /** onRequest hook: 401 without a valid token, 403 without one of the roles. */
    requireRole(
      ...roles: string[]
    ): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

function keySource(options: AuthOptions): JWTVerifyGetKey {
  if (options.jwks) return createLocalJWKSet(options.jwks);
  if (options.jwksUrl) return createRemoteJWKSet(new URL(options.jwksUrl));
  throw new Error('authentication needs jwksUrl or jwks');
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Verifies the access token on every route that asks for it, against user-service's public
 * keys. Identity comes from the token alone: headers such as x-user-id, whoever set them, are
 * never read, so a request that bypassed the gateway cannot claim to be anyone.
 */
const authPlugin: FastifyPluginAsync<AuthOptions> = async (app, options) => {
  const keys = keySource(options);

  async function authenticate(request: FastifyRequest): Promise<void> {
    const token = bearerToken(request);
    if (!token) throw unauthorized('Authentication required', { detail: 'Send a Bearer token' });
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: accessTokenIssuer,
        audience: accessTokenAudience,
        algorithms: ['EdDSA', 'RS256'],
      });
      const roles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
      if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') {
        throw new joseErrors.JWTClaimValidationFailed('missing sub or email', payload);
      }
      request.identity = { userId: payload.sub, email: payload.email, roles };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) {
        throw unauthorized('Invalid access token', {
          detail: error instanceof joseErrors.JWTExpired ? 'The token has expired' : undefined,
        });
      }
      throw error; // e.g. the key set could not be fetched: not the caller's fault
    }
  }

  const guards = new WeakSet<object>([authenticate]);
  app.decorate('authenticate', authenticate);
  app.decorate('requireRole', (...roles: string[]) => {
    const requireRole = async (request: FastifyRequest) => {
      await authenticate(request);
      if (!request.identity?.roles.some((role) => roles.includes(role))) {
        throw forbidden('Forbidden', { detail: `Requires the role ${roles.join(' or ')}` });
      }
    };
    guards.add(requireRole);
    return requireRole;
  });

  // A route guarded by a token says so in the OpenAPI document, so clients know to send one,
  // and declares the 401 (no valid token) and 403 (a role, or an owner, it needs) it can answer.
  app.addHook('onRoute', (route) => {
    const hooks = [route.onRequest, route.preHandler].flat().filter(Boolean) as object[];
    if (hooks.some((hook) => guards.has(hook))) {
      const schema = { ...route.schema, security: [{ bearerAuth: [] }] };
      route.schema = schema.hide ? schema : declareProblems(schema, [401, 403]);
    }
  });
};

export const authentication = fp(authPlugin, { name: 'ecommerce-authentication' });

/** True when the caller is the owner of a resource or an admin. */
export function isOwnerOrAdmin(identity: Identity | undefined, ownerId: string): boolean {
  return (
    identity !== undefined && (identity.userId === ownerId || identity.roles.includes('admin'))
  );
}
