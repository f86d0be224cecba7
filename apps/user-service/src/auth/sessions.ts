import { randomUUID } from 'node:crypto';
import { normalizeEmail } from '../domain/email.ts';
import { type LockoutPolicy, lockoutStatus, recordFailure } from '../domain/login-lockout.ts';
import { verifyPassword } from '../domain/password-hash.ts';
import { hashRefreshToken, newRefreshToken, refreshDecision } from '../domain/refresh-token.ts';
import type { loginFailureRepository } from '../repositories/login-failures.ts';
import type { refreshTokenRepository } from '../repositories/refresh-tokens.ts';
import type { User, userRepository } from '../repositories/users.ts';
import type { AccessTokenSigner } from './access-tokens.ts';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
}

/** Unknown email or wrong password: deliberately the same error. */
export class InvalidCredentialsError extends Error {
  constructor() {
    super('Invalid email or password');
    this.name = 'InvalidCredentialsError';
  }
}

export class LoginLockedError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(`Too many failed logins; retry in ${retryAfterSeconds} s`);
    this.name = 'LoginLockedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class InvalidRefreshTokenError extends Error {
  constructor() {
    super('The refresh token is invalid, expired or revoked');
    this.name = 'InvalidRefreshTokenError';
  }
}

export interface SessionDependencies {
  users: ReturnType<typeof userRepository>;
  refreshTokens: ReturnType<typeof refreshTokenRepository>;
  loginFailures: ReturnType<typeof loginFailureRepository>;
  accessTokens: AccessTokenSigner;
  refreshTokenTtlSeconds: number;
  lockout: LockoutPolicy;
  /** A hash of a random password with the current cost, verified against for unknown emails. */
  dummyPasswordHash: string;
  /** Called when a rotated refresh token comes back and its family is revoked. */
  onRefreshTokenReuse?: (details: { familyId: string; userId: string }) => void;
  now?: () => Date;
}

/** Login, refresh-token rotation and logout. */
export function sessions(deps: SessionDependencies) {
  const now = deps.now ?? (() => new Date());

  async function issue(user: User, familyId: string, at: Date) {
    const refreshToken = newRefreshToken();
    const stored = {
      userId: user.id,
      familyId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(at.getTime() + deps.refreshTokenTtlSeconds * 1000),
    };
    const accessToken = await deps.accessTokens.sign(user, at);
    const pair: TokenPair = {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: deps.accessTokens.ttlSeconds,
      refreshToken,
    };
    return { pair, stored };
  }

  return {
    async login(emailInput: string, password: string): Promise<TokenPair> {
      const email = normalizeEmail(emailInput);
      const at = now();
      const status = lockoutStatus(await deps.loginFailures.find(email), at, deps.lockout);
      if (status.locked) throw new LoginLockedError(status.retryAfterSeconds);

      const user = await deps.users.findByEmail(email);
      // An unknown email costs one hash verification too, so timing does not tell them apart.
      const matches = await verifyPassword(password, user?.passwordHash ?? deps.dummyPasswordHash);
      if (!user || !matches) {
        await deps.loginFailures.update(email, (window) => recordFailure(window, at, deps.lockout));
        throw new InvalidCredentialsError();
      }
      await deps.loginFailures.clear(email);
      const { pair, stored } = await issue(user, randomUUID(), at);
      await deps.refreshTokens.create(stored);
      return pair;
    },

    async refresh(refreshToken: string): Promise<TokenPair> {
      const at = now();
      const current = await deps.refreshTokens.findByHash(hashRefreshToken(refreshToken));
      if (!current) throw new InvalidRefreshTokenError();
      const decision = refreshDecision(current, at);
      if (decision === 'reused') {
        await deps.refreshTokens.revokeFamily(current.familyId, at);
        deps.onRefreshTokenReuse?.({ familyId: current.familyId, userId: current.userId });
      }
      if (decision !== 'rotate') throw new InvalidRefreshTokenError();

      const user = await deps.users.findById(current.userId);
      if (!user) throw new InvalidRefreshTokenError();
      const { pair, stored } = await issue(user, current.familyId, at);
      if (!(await deps.refreshTokens.rotate(current, stored, at))) {
        // Exchanged by a concurrent request in the meantime: the same token used twice.
        await deps.refreshTokens.revokeFamily(current.familyId, at);
        deps.onRefreshTokenReuse?.({ familyId: current.familyId, userId: current.userId });
        throw new InvalidRefreshTokenError();
      }
      return pair;
    },

    /** Ends the session the token belongs to; unknown tokens are ignored (logout is idempotent). */
    async logout(refreshToken: string): Promise<void> {
      const current = await deps.refreshTokens.findByHash(hashRefreshToken(refreshToken));
      if (current) await deps.refreshTokens.revokeFamily(current.familyId, now());
    },
  };
}

export type Sessions = ReturnType<typeof sessions>;
