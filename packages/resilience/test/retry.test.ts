import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimeoutError } from '../src/errors.ts';
import { retry } from '../src/retry.ts';
import { isRetryableError } from '../src/retryable-errors.ts';
import { statusError } from './deferred.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('retry', () => {
  it('retries retryable errors until an attempt succeeds, sleeping the jittered back-off', async () => {
    const retries: { attempt: number; delayMs: number }[] = [];
    const policy = retry({
      maxAttempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 10_000,
      random: () => 0.5,
      hooks: { onRetry: ({ attempt, delayMs }) => retries.push({ attempt, delayMs }) },
    });
    const operation = vi
      .fn<(signal: AbortSignal) => Promise<string>>()
      .mockRejectedValueOnce(statusError(503))
      .mockRejectedValueOnce(statusError(503))
      .mockResolvedValue('ok');

    const result = policy.execute(operation);
    await vi.advanceTimersByTimeAsync(0);
    expect(operation).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(49);
    expect(operation).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(operation).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(100);

    await expect(result).resolves.toBe('ok');
    expect(operation).toHaveBeenCalledTimes(3);
    expect(retries).toEqual([
      { attempt: 1, delayMs: 50 },
      { attempt: 2, delayMs: 100 },
    ]);
  });

  it('stops at maxAttempts and rejects with the last error', async () => {
    const policy = retry({ maxAttempts: 3, random: () => 1 });
    let calls = 0;
    const result = policy.execute(async () => {
      calls++;
      throw statusError(502);
    });
    const settled = expect(result).rejects.toMatchObject({ status: 502 });
    await vi.runAllTimersAsync();
    await settled;
    expect(calls).toBe(3);
  });

  it('does not retry a non-retryable error', async () => {
    const policy = retry({ maxAttempts: 5 });
    const operation = vi.fn(async () => {
      throw statusError(404);
    });
    await expect(policy.execute(operation)).rejects.toMatchObject({ status: 404 });
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('uses the given predicate to decide what is retryable', async () => {
    const policy = retry({
      maxAttempts: 3,
      random: () => 0,
      isRetryable: (error) => error instanceof Error && error.message === 'again',
    });
    const operation = vi
      .fn<(signal: AbortSignal) => Promise<string>>()
      .mockRejectedValueOnce(new Error('again'))
      .mockRejectedValueOnce(new Error('final'));
    const settled = expect(policy.execute(operation)).rejects.toThrow('final');
    await vi.runAllTimersAsync();
    await settled;
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it('runs once when the execution says retry: false', async () => {
    const policy = retry({ maxAttempts: 5 });
    const operation = vi.fn(async () => {
      throw statusError(503);
    });
    await expect(policy.execute(operation, { retry: false })).rejects.toMatchObject({
      status: 503,
    });
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('stops sleeping and retrying when the caller aborts during the back-off', async () => {
    const policy = retry({ maxAttempts: 5, baseDelayMs: 1_000, random: () => 0.9 });
    const caller = new AbortController();
    const operation = vi.fn(async () => {
      throw statusError(503);
    });
    const settled = expect(policy.execute(operation, { signal: caller.signal })).rejects.toThrow(
      'caller gave up',
    );
    await vi.advanceTimersByTimeAsync(100);
    caller.abort(new Error('caller gave up'));
    await settled;
    await vi.runAllTimersAsync();
    expect(operation).toHaveBeenCalledTimes(1);
  });
});

describe('isRetryableError', () => {
  const cases: [string, unknown, boolean][] = [
    ['a timeout', new TimeoutError(100), true],
    ['HTTP 429', statusError(429), true],
    ['HTTP 502', statusError(502), true],
    ['HTTP 503', statusError(503), true],
    ['HTTP 504', statusError(504), true],
    ['HTTP 500', statusError(500), false],
    ['HTTP 400', statusError(400), false],
    ['HTTP 404', statusError(404), false],
    ['HTTP 409', statusError(409), false],
    ['a statusCode property', Object.assign(new Error(), { statusCode: 503 }), true],
    ['a reset connection', Object.assign(new Error(), { code: 'ECONNRESET' }), true],
    ['a refused connection', Object.assign(new Error(), { code: 'ECONNREFUSED' }), true],
    ['an undici socket error', Object.assign(new Error(), { code: 'UND_ERR_SOCKET' }), true],
    [
      'a network error wrapped as cause',
      new TypeError('fetch failed', { cause: Object.assign(new Error(), { code: 'ECONNRESET' }) }),
      true,
    ],
    ['a caller abort', new DOMException('aborted', 'AbortError'), false],
    ['a plain error', new Error('bug'), false],
    ['a non-error value', 'boom', false],
  ];
  it.each(cases)('%s -> %s', (_, error, expected) => {
    expect(isRetryableError(error)).toBe(expected);
  });
});
