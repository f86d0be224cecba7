/** How many failed logins an email address may have before it is locked, and for how long. */
export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
}

/** Failed logins counted since the first failure of the current window. */
export interface FailureWindow {
  failures: number;
  windowStartedAt: Date;
}

export type LockoutStatus = { locked: false } | { locked: true; retryAfterSeconds: number };

function windowEnd(window: FailureWindow, policy: LockoutPolicy): number {
  return window.windowStartedAt.getTime() + policy.windowMs;
}

/**
 * Locked once `maxFailures` failures fall in one window, until that window ends. A fixed
 * window from the first failure: an attacker gets at most `maxFailures` guesses per window,
 * and the owner is locked out for at most one window.
 */
export function lockoutStatus(
  window: FailureWindow | null,
  now: Date,
  policy: LockoutPolicy,
): LockoutStatus {
  if (!window || window.failures < policy.maxFailures) return { locked: false };
  const remainingMs = windowEnd(window, policy) - now.getTime();
  if (remainingMs <= 0) return { locked: false };
  return { locked: true, retryAfterSeconds: Math.ceil(remainingMs / 1000) };
}

/** The window after one more failure: counted in the current window, or starting a new one. */
export function recordFailure(
  window: FailureWindow | null,
  now: Date,
  policy: LockoutPolicy,
): FailureWindow {
  if (!window || now.getTime() >= windowEnd(window, policy)) {
    return { failures: 1, windowStartedAt: now };
  }
  return { failures: window.failures + 1, windowStartedAt: window.windowStartedAt };
}
