import { describe, expect, it } from 'vitest';
import { lockoutStatus, recordFailure } from '../../src/domain/login-lockout.ts';

const policy = { maxFailures: 5, windowMs: 15 * 60_000 };
const start = new Date('2026-01-01T10:00:00Z');
const msLater = (ms: number) => new Date(start.getTime() + ms);

function failures(count: number) {
  let window = null;
  for (let i = 0; i < count; i++) window = recordFailure(window, msLater(i * 1000), policy);
  return window;
}

describe('login lockout', () => {
  it('does not lock without failures or below the limit', () => {
    expect(lockoutStatus(null, start, policy)).toEqual({ locked: false });
    expect(lockoutStatus(failures(4), msLater(5000), policy)).toEqual({ locked: false });
  });

  it('locks at the limit until the window that began with the first failure ends', () => {
    const window = failures(5);
    expect(window).toEqual({ failures: 5, windowStartedAt: start });
    expect(lockoutStatus(window, msLater(5000), policy)).toEqual({
      locked: true,
      retryAfterSeconds: 15 * 60 - 5,
    });
    expect(lockoutStatus(window, msLater(policy.windowMs - 1), policy)).toEqual({
      locked: true,
      retryAfterSeconds: 1,
    });
    expect(lockoutStatus(window, msLater(policy.windowMs), policy)).toEqual({ locked: false });
  });

  it('starts a new window for a failure after the current one ended', () => {
    const next = recordFailure(failures(5), msLater(policy.windowMs), policy);
    expect(next).toEqual({ failures: 1, windowStartedAt: msLater(policy.windowMs) });
    expect(lockoutStatus(next, msLater(policy.windowMs + 1), policy)).toEqual({ locked: false });
  });

  it('counts failures spread over one window together', () => {
    let window = null;
    for (let minute = 0; minute < 5; minute++) {
      window = recordFailure(window, msLater(minute * 3 * 60_000), policy);
    }
    expect(window).toEqual({ failures: 5, windowStartedAt: start });
    expect(lockoutStatus(window, msLater(12 * 60_000 + 1), policy)).toMatchObject({ locked: true });
  });
});
