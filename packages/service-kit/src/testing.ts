import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
import { accessTokenAudience, accessTokenIssuer } from './auth.ts';

export interface TestTokenClaims {
  userId: string;
  email?: string;
  roles?: string[];
  /** A jose time span ('15m') or an absolute epoch second; in the past for expired tokens. */
  expiresAt?: string | number;
  issuer?: string;
}

/**
 * Signs access tokens the way user-service does, with a key made for the test, and offers its
 * public key set for `authentication({ jwks })`. For tests of services other than user-service.
 */
export async function createTestTokenIssuer(kid = 'test-key') {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const jwks: JSONWebKeySet = { keys: [jwk] };
  return {
    jwks,
    token(claims: TestTokenClaims): Promise<string> {
      return new SignJWT({
        email: claims.email ?? `${claims.userId}@example.test`,
        roles: claims.roles ?? ['customer'],
      })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setSubject(claims.userId)
        .setIssuer(claims.issuer ?? accessTokenIssuer)
        .setAudience(accessTokenAudience)
        .setIssuedAt()
        .setExpirationTime(claims.expiresAt ?? '15m')
        .sign(privateKey);
    },
  };
}
