import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from 'jose';
import type { NewSigningKey, SigningKey } from '../repositories/signing-keys.ts';

export type SigningAlgorithm = 'EdDSA' | 'RS256';

/** The key that signs new access tokens. */
export interface Signer {
  kid: string;
  algorithm: SigningAlgorithm;
  privateKey: KeyObject;
  publicJwk: JWK;
}

function algorithmOf(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  throw new Error(
    `JWT_PRIVATE_KEY must be an Ed25519 or RSA private key, not ${key.asymmetricKeyType ?? 'a secret key'}`,
  );
}

async function signerFromPrivateKey(privateKey: KeyObject, kid?: string): Promise<Signer> {
  const algorithm = algorithmOf(privateKey);
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const keyId = kid ?? (await calculateJwkThumbprint(jwk));
  return {
    kid: keyId,
    algorithm,
    privateKey,
    publicJwk: { ...jwk, kid: keyId, alg: algorithm, use: 'sig' },
  };
}

/** The signer of a PKCS#8 PEM private key (JWT_PRIVATE_KEY); the kid defaults to its thumbprint. */
export async function signerFromPem(pem: string, kid?: string): Promise<Signer> {
  let privateKey: KeyObject;
  try {
    // Environment variables often carry PEM newlines as literal "\n".
    privateKey = createPrivateKey(pem.replaceAll('\\n', '\n'));
  } catch (error) {
    throw new Error('JWT_PRIVATE_KEY is not a PKCS#8 PEM private key', { cause: error });
  }
  if (privateKey.type !== 'private') throw new Error('JWT_PRIVATE_KEY must be a private key');
  return signerFromPrivateKey(privateKey, kid);
}

/** The signer of a key kept in the signing_keys table. */
export async function signerFromStoredKey(stored: SigningKey): Promise<Signer> {
  return signerFromPrivateKey(createPrivateKey(stored.privateKeyPem), stored.kid);
}

/** A fresh Ed25519 key pair, as the signing_keys table stores it. */
export async function generateSigningKey(): Promise<NewSigningKey> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = await signerFromPrivateKey(privateKey);
  return {
    kid: signer.kid,
    algorithm: signer.algorithm,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicJwk: { ...signer.publicJwk } as NewSigningKey['publicJwk'],
  };
}

/**
 * The public keys that verify access tokens: the signer's and every stored key not retired,
 * so tokens signed before a key change keep verifying until the key is retired.
 */
export function publishedKeySet(signer: Signer, stored: SigningKey[]): JSONWebKeySet {
  const keys: JWK[] = [signer.publicJwk];
  for (const key of stored) {
    if (key.kid !== signer.kid) keys.push(key.publicJwk as JWK);
  }
  return { keys };
}
