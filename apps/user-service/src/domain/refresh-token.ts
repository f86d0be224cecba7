import { createHash, randomBytes } from 'node:crypto';

/** A new refresh token: 32 random bytes, base64url. Only its hash is stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps. A fast hash is enough: the token is 256 random bits, so there is
 * nothing to brute-force, and lookup by hash must be an index hit.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface StoredRefreshToken {
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * What presenting a stored refresh token leads to:
 * - `rotate`: valid; it is exchanged for a new one in the same family;
 * - `reused`: it was already exchanged, so two parties hold the family (one of them stole
 *   it): the whole family is revoked;
 * - `revoked`, `expired`: refused.
 */
export type RefreshDecision = 'rotate' | 'reused' | 'revoked' | 'expired';

export function refreshDecision(token: StoredRefreshToken, now: Date): RefreshDecision {
  if (token.rotatedAt) return 'reused';
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'rotate';
}
