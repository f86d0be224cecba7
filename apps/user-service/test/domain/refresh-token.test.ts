import { describe, expect, it } from 'vitest';
import {
  hashRefreshToken,
  newRefreshToken,
  refreshDecision,
} from '../../src/domain/refresh-token.ts';

const now = new Date('2026-01-01T10:00:00Z');
const later = new Date('2026-01-31T10:00:00Z');
const earlier = new Date('2025-12-31T10:00:00Z');

describe('refresh tokens', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const token = newRefreshToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newRefreshToken()).not.toBe(token);
  });

  it('are stored as their SHA-256', () => {
    expect(hashRefreshToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('rotate while unused, unrevoked and unexpired', () => {
    expect(refreshDecision({ expiresAt: later, rotatedAt: null, revokedAt: null }, now)).toBe(
      'rotate',
    );
  });

  it('count as reused once rotated, even when revoked or expired since', () => {
    expect(refreshDecision({ expiresAt: later, rotatedAt: earlier, revokedAt: null }, now)).toBe(
      'reused',
    );
    expect(
      refreshDecision({ expiresAt: earlier, rotatedAt: earlier, revokedAt: earlier }, now),
    ).toBe('reused');
  });

  it('are refused when revoked or expired', () => {
    expect(refreshDecision({ expiresAt: later, rotatedAt: null, revokedAt: earlier }, now)).toBe(
      'revoked',
    );
    expect(refreshDecision({ expiresAt: now, rotatedAt: null, revokedAt: null }, now)).toBe(
      'expired',
    );
  });
});
