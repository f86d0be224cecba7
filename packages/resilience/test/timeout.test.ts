import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimeoutError } from '../src/errors.ts';
import { timeout } from '../src/timeout.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('timeout', () => {
  it('aborts the operation signal with a TimeoutError when the budget runs out', async () => {
    const timeouts: number[] = [];
    const policy = timeout({
      timeoutMs: 1_000,
      hooks: { onTimeout: ({ timeoutMs }) => timeouts.push(timeoutMs) },
    });
    let seen: AbortSignal | undefined;
    const result = policy.execute(
      (signal) =>
        new Promise<never>((_, reject) => {
          seen = signal;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    );
    const settled = expect(result).rejects.toBeInstanceOf(TimeoutError);

    await vi.advanceTimersByTimeAsync(999);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await settled;

    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(TimeoutError);
    expect(seen?.reason).toMatchObject({ name: 'TimeoutError', timeoutMs: 1_000 });
    expect(timeouts).toEqual([1_000]);
  });

  it('rejects on time even when the operation ignores its signal', async () => {
    const policy = timeout({ timeoutMs: 50 });
    const result = policy.execute(() => new Promise(() => {}));
    const settled = expect(result).rejects.toThrow('Operation timed out after 50 ms');
    await vi.advanceTimersByTimeAsync(50);
    await settled;
  });

  it('returns the result of an operation that finishes in time and clears its timer', async () => {
    const policy = timeout({ timeoutMs: 1_000 });
    await expect(policy.execute(async () => 'fast')).resolves.toBe('fast');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes the caller cancellation on to the operation', async () => {
    const policy = timeout({ timeoutMs: 1_000 });
    const caller = new AbortController();
    let seen: AbortSignal | undefined;
    const result = policy.execute(
      (signal) => {
        seen = signal;
        return new Promise(() => {});
      },
      { signal: caller.signal },
    );
    caller.abort(new Error('client went away'));
    await expect(result).rejects.toThrow('client went away');
    expect(seen?.aborted).toBe(true);
  });
});
