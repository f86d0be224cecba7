import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CircuitBreakerPolicy, circuitBreaker } from '../src/circuit-breaker.ts';
import { CircuitOpenError } from '../src/errors.ts';
import type { CircuitState, RejectionSource } from '../src/policy.ts';
import { deferred, statusError } from './deferred.ts';

const RESET_TIMEOUT_MS = 5_000;

let breaker: CircuitBreakerPolicy;
let transitions: CircuitState[];
let rejections: RejectionSource[];

const fail = () => breaker.execute(async () => Promise.reject(statusError(503)));
const succeed = () => breaker.execute(async () => 'ok');

async function tripOpen() {
  for (let i = 0; i < 3; i++) await expect(fail()).rejects.toMatchObject({ status: 503 });
  expect(breaker.state).toBe('open');
}

beforeEach(() => {
  vi.useFakeTimers();
  transitions = [];
  rejections = [];
  breaker = circuitBreaker({
    name: 'inventory',
    volumeThreshold: 3,
    errorThresholdPercentage: 50,
    resetTimeoutMs: RESET_TIMEOUT_MS,
    rollingCountTimeoutMs: 60_000,
    isFailure: (error) => (error as { status?: number }).status !== 404,
    hooks: {
      onBreakerStateChange: ({ state }) => transitions.push(state),
      onRejected: ({ source }) => rejections.push(source),
    },
  });
});
afterEach(() => {
  breaker.shutdown();
  vi.useRealTimers();
});

describe('circuitBreaker', () => {
  it('stays closed below the volume threshold', async () => {
    await expect(fail()).rejects.toMatchObject({ status: 503 });
    await expect(fail()).rejects.toMatchObject({ status: 503 });
    expect(breaker.state).toBe('closed');
    await expect(succeed()).resolves.toBe('ok');
  });

  it('closed -> open: opens once failures pass the threshold and rejects without calling', async () => {
    await tripOpen();
    expect(transitions).toEqual(['open']);

    const operation = vi.fn(async () => 'not called');
    await expect(breaker.execute(operation)).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(breaker.execute(operation)).rejects.toThrow('Circuit "inventory" is open');
    expect(operation).not.toHaveBeenCalled();
    expect(rejections).toEqual(['circuitBreaker', 'circuitBreaker']);
  });

  it('open -> half-open after the reset timeout, then half-open -> closed on a successful trial', async () => {
    await tripOpen();
    await vi.advanceTimersByTimeAsync(RESET_TIMEOUT_MS - 1);
    expect(breaker.state).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(breaker.state).toBe('halfOpen');

    await expect(succeed()).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(transitions).toEqual(['open', 'halfOpen', 'closed']);
    await expect(succeed()).resolves.toBe('ok');
  });

  it('half-open -> open when the trial fails, and half-opens again after another reset timeout', async () => {
    await tripOpen();
    await vi.advanceTimersByTimeAsync(RESET_TIMEOUT_MS);
    expect(breaker.state).toBe('halfOpen');

    await expect(fail()).rejects.toMatchObject({ status: 503 });
    expect(breaker.state).toBe('open');
    await expect(succeed()).rejects.toBeInstanceOf(CircuitOpenError);

    await vi.advanceTimersByTimeAsync(RESET_TIMEOUT_MS);
    expect(breaker.state).toBe('halfOpen');
    expect(transitions).toEqual(['open', 'halfOpen', 'open', 'halfOpen']);
  });

  it('lets a single trial through while half-open', async () => {
    await tripOpen();
    await vi.advanceTimersByTimeAsync(RESET_TIMEOUT_MS);

    const trial = deferred<string>();
    const trialResult = breaker.execute(() => trial.promise);
    await expect(succeed()).rejects.toBeInstanceOf(CircuitOpenError);

    trial.resolve('recovered');
    await expect(trialResult).resolves.toBe('recovered');
    expect(breaker.state).toBe('closed');
  });

  it('does not count errors that isFailure excludes, yet still rejects with them', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(
        breaker.execute(async () => Promise.reject(statusError(404))),
      ).rejects.toMatchObject({ status: 404 });
    }
    expect(breaker.state).toBe('closed');
    expect(breaker.stats.failures).toBe(0);
  });

  it('does not count the caller cancelling a call as a failure', async () => {
    for (let i = 0; i < 5; i++) {
      const caller = new AbortController();
      const call = breaker.execute(
        (signal) =>
          new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
        { signal: caller.signal },
      );
      caller.abort(new Error('client went away'));
      await expect(call).rejects.toThrow('client went away');
    }
    expect(breaker.state).toBe('closed');
    expect(breaker.stats.failures).toBe(0);
  });

  it('hands the caller signal to the operation', async () => {
    const caller = new AbortController();
    let seen: AbortSignal | undefined;
    await breaker.execute(
      async (signal) => {
        seen = signal;
      },
      { signal: caller.signal },
    );
    expect(seen).toBe(caller.signal);
  });
});
