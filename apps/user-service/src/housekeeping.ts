import type { FastifyBaseLogger } from 'fastify';
import type { loginFailureRepository } from './repositories/login-failures.ts';
import type { refreshTokenRepository } from './repositories/refresh-tokens.ts';

export interface HousekeepingOptions {
  loginFailures: ReturnType<typeof loginFailureRepository>;
  refreshTokens: ReturnType<typeof refreshTokenRepository>;
  loginFailureWindowMs: number;
  log: FastifyBaseLogger;
}

/** How long an expired refresh token is kept: a late reuse is still recognised as one. */
const expiredTokenRetentionMs = 24 * 3600 * 1000;

/**
 * Deletes rows that can no longer matter: failure windows that ended (unknown emails would
 * otherwise leave one row each forever) and long-expired refresh tokens. Safe to run on every
 * instance at once: each run deletes only what is already dead.
 */
export async function purgeDeadRows(options: HousekeepingOptions, now = new Date()) {
  const failureWindows = await options.loginFailures.purgeStartedBefore(
    new Date(now.getTime() - options.loginFailureWindowMs),
  );
  const refreshTokens = await options.refreshTokens.purgeExpiredBefore(
    new Date(now.getTime() - expiredTokenRetentionMs),
  );
  return { failureWindows, refreshTokens };
}

/** Runs purgeDeadRows every `intervalMs`; the returned function stops it. */
export function startHousekeeping(options: HousekeepingOptions, intervalMs: number): () => void {
  const timer = setInterval(() => {
    purgeDeadRows(options).then(
      (purged) => options.log.debug(purged, 'purged dead rows'),
      (error: unknown) => options.log.warn({ err: error }, 'housekeeping failed; retrying later'),
    );
  }, intervalMs);
  // Never the reason the process stays alive.
  timer.unref();
  return () => clearInterval(timer);
}
