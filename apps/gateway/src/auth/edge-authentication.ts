import { createPublicKey, type JsonWebKey } from 'node:crypto';
import {
  accessTokenAudience,
  accessTokenIssuer,
  problem,
  unauthorized,
} from '@ecommerce/service-kit';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import buildGetJwks from 'get-jwks';

/** The claims of a verified access token (user-service signs them). */
export interface AccessTokenClaims {
  sub: string;
  email?: string;
  roles?: string[];
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    user: AccessTokenClaims;
  }
}

type AuthFailure = 'missing' | 'invalid' | 'expired' | 'keys-unavailable';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request carried a token that did not verify, and why. */
    authFailure?: AuthFailure;
  }
}

export interface EdgeAuthenticationOptions {
  /** user-service's `/.well-known/jwks.json`. */
  jwksUrl: string;
}

const keyFormats = new WeakMap<object, string>();

/** get-jwks converts keys with jwk-to-pem, which knows RSA and EC but not Ed25519; node does. */
function publicKeyPem(jwk: JsonWebKey): string {
  let pem = keyFormats.get(jwk);
  if (!pem) {
    pem = createPublicKey({ key: jwk, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    keyFormats.set(jwk, pem);
  }
  return pem;
}

/** How long a verified token is trusted without verifying it again (as fast-jwt's cache). */
const verifiedTokenTtlMs = 10 * 60_000;
const verifiedTokenCacheSize = 10_000;

/**
 * Verified tokens by their `Authorization` header, until they expire (at most ten minutes).
 * A client sends the same token on every request; even with fast-jwt's cache, @fastify/jwt
 * decodes the token, looks its key up and hashes it on each one (the largest part of the
 * edge check in the profile). Only tokens that verified are kept; the oldest go first.
 */
function verifiedTokenCache() {
  const entries = new Map<string, { claims: AccessTokenClaims; until: number }>();
  return {
    get(header: string): AccessTokenClaims | undefined {
      const entry = entries.get(header);
      if (!entry) return undefined;
      if (entry.until > Date.now()) return entry.claims;
      entries.delete(header);
      return undefined;
    },
    remember(header: string, claims: AccessTokenClaims & { exp: number }) {
      if (entries.size >= verifiedTokenCacheSize) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      const until = Math.min(claims.exp * 1000, Date.now() + verifiedTokenTtlMs);
      entries.set(header, { claims: Object.freeze(claims), until });
    },
  };
}

function failureOf(error: unknown): AuthFailure {
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED') return 'expired';
  if (code === 'FST_JWT_NO_AUTHORIZATION_IN_HEADER') return 'missing';
  // The key set could not be fetched: not the caller's fault.
  if (error instanceof Error && error.name === 'JwksError' && code !== 'JWK_NOT_FOUND') {
    return 'keys-unavailable';
  }
  return 'invalid';
}

/**
 * Verifies access tokens at the edge with @fastify/jwt against user-service's key set (kid
 * lookup, keys cached by get-jwks, verified tokens cached by fast-jwt). Every request with a
 * Bearer token gets `request.user` when it verifies, before rate limiting (which counts per
 * user); `app.requireToken` then turns away requests without a valid one.
 */
async function edgeAuthentication(app: FastifyInstance, options: EdgeAuthenticationOptions) {
  const jwksUrl = new URL(options.jwksUrl);
  const getJwks = buildGetJwks({
    jwksPath: jwksUrl.pathname,
    max: 100,
    ttl: 5 * 60_000,
  });
  await app.register(fastifyJwt, {
    decode: { complete: true },
    secret: async (_request: FastifyRequest, token: unknown) => {
      const { header } = token as { header: { kid?: string; alg?: string } };
      const jwk = await getJwks.getJwk({
        domain: jwksUrl.origin,
        kid: header.kid ?? '',
        alg: header.alg ?? '',
      });
      return publicKeyPem(jwk as JsonWebKey);
    },
    verify: {
      algorithms: ['EdDSA', 'RS256'],
      allowedIss: accessTokenIssuer,
      allowedAud: accessTokenAudience,
      requiredClaims: ['sub', 'exp'],
      cache: true,
    },
  });

  const verified = verifiedTokenCache();
  app.addHook('onRequest', function authenticateAtTheEdge(request, _reply, done) {
    const header = request.headers.authorization;
    if (!header) return done();
    const known = verified.get(header);
    if (known) {
      request.user = known;
      return done();
    }
    request.jwtVerify().then(
      (claims) => {
        verified.remember(header, claims as AccessTokenClaims & { exp: number });
        done();
      },
      (error: unknown) => {
        request.authFailure = failureOf(error);
        // Not a user: rate limits and everything after treat the request as anonymous.
        (request as { user?: unknown }).user = undefined;
        done();
      },
    );
  });

  app.decorate('requireToken', async (request: FastifyRequest) => {
    if (request.user?.sub) return;
    switch (request.authFailure) {
      case 'keys-unavailable':
        throw problem(503, 'Service Unavailable', {
          detail: 'Access tokens cannot be verified right now',
        });
      case 'expired':
        throw unauthorized('Invalid access token', { detail: 'The token has expired' });
      case 'invalid':
        throw unauthorized('Invalid access token');
      default:
        throw unauthorized('Authentication required', { detail: 'Send a Bearer token' });
    }
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Hook: 401 problem unless the request carries a valid access token. */
    requireToken(request: FastifyRequest): Promise<void>;
  }
}

export const edgeAuthenticationPlugin = fp(edgeAuthentication, {
  name: 'gateway-edge-authentication',
});
