import { randomUUID } from 'node:crypto';
import { accessTokenAudience, accessTokenIssuer } from '@ecommerce/service-kit';
import { SignJWT } from 'jose';
import type { Signer } from './signing-keys.ts';

export interface TokenSubject {
  id: string;
  email: string;
  roles: string[];
}

/**
 * Signs short-lived access tokens with exactly the claims service-kit's verifier checks:
 * iss, aud, sub (user id), email, roles; plus iat, exp and a jti for log correlation.
 */
export function accessTokenSigner(signer: Signer, ttlSeconds: number) {
  return {
    ttlSeconds,
    sign(subject: TokenSubject, now: Date): Promise<string> {
      const issuedAt = Math.floor(now.getTime() / 1000);
      return new SignJWT({ email: subject.email, roles: subject.roles })
        .setProtectedHeader({ alg: signer.algorithm, kid: signer.kid, typ: 'JWT' })
        .setIssuer(accessTokenIssuer)
        .setAudience(accessTokenAudience)
        .setSubject(subject.id)
        .setJti(randomUUID())
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(signer.privateKey);
    },
  };
}

export type AccessTokenSigner = ReturnType<typeof accessTokenSigner>;
