import { generateKeyPairSync } from 'node:crypto';
import { accessTokenAudience, accessTokenIssuer } from '@ecommerce/service-kit';
import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { accessTokenSigner } from '../src/auth/access-tokens.ts';
import { publishedKeySet, signerFromPem } from '../src/auth/signing-keys.ts';

function pem(type: 'ed25519' | 'rsa' | 'ec'): string {
  const { privateKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : type === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

const user = {
  id: '0b7a3c1e-6f7d-4c53-9a54-3f0a4f6f1c11',
  email: 'a@example.test',
  roles: ['customer'],
};

describe('signing keys from JWT_PRIVATE_KEY', () => {
  it('signs Ed25519 keys with EdDSA under their thumbprint, verifiable by the published set', async () => {
    const signer = await signerFromPem(pem('ed25519'));
    expect(signer.algorithm).toBe('EdDSA');
    expect(signer.kid).toBe(await calculateJwkThumbprint(signer.publicJwk));
    expect(signer.publicJwk).not.toHaveProperty('d');
    const token = await accessTokenSigner(signer, 900).sign(user, new Date());
    const { payload } = await jwtVerify(token, createLocalJWKSet(publishedKeySet(signer, [])), {
      issuer: accessTokenIssuer,
      audience: accessTokenAudience,
    });
    expect(payload).toMatchObject({ sub: user.id, email: user.email, roles: user.roles });
  });

  it('signs RSA keys with RS256', async () => {
    const signer = await signerFromPem(pem('rsa'), 'rsa-1');
    expect(signer).toMatchObject({ algorithm: 'RS256', kid: 'rsa-1' });
    const token = await accessTokenSigner(signer, 900).sign(user, new Date());
    await expect(
      jwtVerify(token, createLocalJWKSet(publishedKeySet(signer, [])), {
        issuer: accessTokenIssuer,
        audience: accessTokenAudience,
        algorithms: ['RS256'],
      }),
    ).resolves.toBeTruthy();
  });

  it('accepts PEM newlines written as \\n, as environment files often carry them', async () => {
    const signer = await signerFromPem(pem('ed25519').replaceAll('\n', '\\n'));
    expect(signer.algorithm).toBe('EdDSA');
  });

  it('refuses other key types and public keys', async () => {
    await expect(signerFromPem(pem('ec'))).rejects.toThrow(/Ed25519 or RSA/);
    const publicPem = generateKeyPairSync('ed25519')
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString();
    await expect(signerFromPem(publicPem)).rejects.toThrow(/JWT_PRIVATE_KEY/);
  });
});
