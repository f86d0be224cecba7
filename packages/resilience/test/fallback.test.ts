import { describe, expect, it } from 'vitest';
import { fallback } from '../src/fallback.ts';
import { statusError } from './deferred.ts';

describe('fallback', () => {
  it('returns the fallback value when the operation fails, and tells the hook why', async () => {
    const seen: unknown[] = [];
    const policy = fallback({
      fallback: (error) => ({ items: [], degraded: true, reason: (error as Error).message }),
      hooks: { onFallback: ({ error }) => seen.push(error) },
    });
    const result = await policy.execute<{ items: string[] }>(async () => {
      throw statusError(503);
    });
    expect(result).toEqual({ items: [], degraded: true, reason: 'HTTP 503' });
    expect(seen).toHaveLength(1);
  });

  it('returns the operation result when it succeeds', async () => {
    const policy = fallback({ fallback: () => 'cached' });
    await expect(policy.execute(async () => 'fresh')).resolves.toBe('fresh');
  });

  it('leaves errors that shouldFallback excludes untouched', async () => {
    const policy = fallback({
      fallback: () => 'cached',
      shouldFallback: (error) => (error as { status?: number }).status !== 400,
    });
    await expect(
      policy.execute(async () => {
        throw statusError(400);
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('does not hide the caller cancelling the call', async () => {
    const policy = fallback({ fallback: () => 'cached' });
    const caller = new AbortController();
    const reason = new Error('cancelled');
    caller.abort(reason);
    await expect(
      policy.execute(
        async (signal) => {
          throw signal.reason;
        },
        { signal: caller.signal },
      ),
    ).rejects.toBe(reason);
  });
});
