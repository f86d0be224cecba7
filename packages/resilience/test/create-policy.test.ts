import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compose } from '../src/compose.ts';
import { createPolicy, type ResiliencePolicy } from '../src/create-policy.ts';
import { BulkheadRejectedError, CircuitOpenError, TimeoutError } from '../src/errors.ts';
import type { Policy } from '../src/policy.ts';
import { deferred, statusError } from './deferred.ts';

let events: string[];
let policy: ResiliencePolicy<string> | undefined;

beforeEach(() => {
  vi.useFakeTimers();
  events = [];
});
afterEach(() => {
  policy?.shutdown();
  policy = undefined;
  vi.useRealTimers();
});

const hooks = {
  onBreakerStateChange: ({ state }: { state: string }) => events.push(`breaker:${state}`),
  onRetry: ({ attempt }: { attempt: number }) => events.push(`retry:${attempt}`),
  onRejected: ({ source }: { source: string }) => events.push(`rejected:${source}`),
  onTimeout: ({ timeoutMs }: { timeoutMs: number }) => events.push(`timeout:${timeoutMs}`),
  onFallback: () => events.push('fallback'),
};

describe('compose', () => {
  it('nests policies with the first one outermost', async () => {
    const trace: string[] = [];
    const named = (name: string): Policy => ({
      async execute(operation, options) {
        trace.push(`enter ${name}`);
        try {
          return await operation(options?.signal ?? new AbortController().signal);
        } finally {
          trace.push(`leave ${name}`);
        }
      },
    });
    await compose(named('outer'), named('middle'), named('inner')).execute(async () => {
      trace.push('operation');
    });
    expect(trace).toEqual([
      'enter outer',
      'enter middle',
      'enter inner',
      'operation',
      'leave inner',
      'leave middle',
      'leave outer',
    ]);
  });
});

describe('createPolicy', () => {
  it('gives every attempt its own timeout and retries timed-out attempts', async () => {
    policy = createPolicy({
      timeout: { timeoutMs: 1_000 },
      retry: { maxAttempts: 3, baseDelayMs: 100, random: () => 0.5 },
      hooks,
    });
    const signals: AbortSignal[] = [];
    let calls = 0;
    const result = policy.execute((signal) => {
      signals.push(signal);
      calls++;
      return calls < 3 ? new Promise<string>(() => {}) : Promise.resolve('third time');
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1 + 50);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000 + 100);
    expect(calls).toBe(3);
    await expect(result).resolves.toBe('third time');
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true, false]);
    expect(signals[0]?.reason).toBeInstanceOf(TimeoutError);
    expect(events).toEqual(['timeout:1000', 'retry:1', 'timeout:1000', 'retry:2']);
  });

  it('counts one breaker failure per call after retries, then rejects and falls back while open', async () => {
    policy = createPolicy({
      retry: { maxAttempts: 2, random: () => 0 },
      breaker: { name: 'payments', volumeThreshold: 2, resetTimeoutMs: 10_000 },
      fallback: { fallback: (error) => `fallback after ${(error as Error).name}` },
      hooks,
    });
    let calls = 0;
    const failing = async (): Promise<string> => {
      calls++;
      throw statusError(503);
    };

    const first = policy.execute(failing);
    await vi.advanceTimersByTimeAsync(0);
    await expect(first).resolves.toBe('fallback after Error');
    expect(calls).toBe(2);
    expect(policy.breaker?.state).toBe('closed');

    const second = policy.execute(failing);
    await vi.advanceTimersByTimeAsync(0);
    await expect(second).resolves.toBe('fallback after Error');
    expect(calls).toBe(4);
    expect(policy.breaker?.state).toBe('open');

    await expect(policy.execute(failing)).resolves.toBe('fallback after CircuitOpenError');
    expect(calls).toBe(4);
    expect(events).toEqual([
      'retry:1',
      'fallback',
      'retry:1',
      'breaker:open',
      'fallback',
      'rejected:circuitBreaker',
      'fallback',
    ]);

    await vi.advanceTimersByTimeAsync(10_000);
    expect(policy.breaker?.state).toBe('halfOpen');
    await expect(policy.execute(async () => 'recovered')).resolves.toBe('recovered');
    expect(policy.breaker?.state).toBe('closed');
  });

  it('rejects over-capacity calls through the bulkhead, and the fallback can replace them', async () => {
    const withoutFallback = createPolicy({ bulkhead: { maxConcurrent: 1, maxQueue: 0 }, hooks });
    const gate = deferred<string>();
    const running = withoutFallback.execute(() => gate.promise);
    await expect(withoutFallback.execute(async () => 'x')).rejects.toBeInstanceOf(
      BulkheadRejectedError,
    );
    gate.resolve('done');
    await expect(running).resolves.toBe('done');

    policy = createPolicy({
      bulkhead: { maxConcurrent: 1 },
      fallback: { fallback: () => 'busy' },
      hooks,
    });
    const held = deferred<string>();
    const holding = policy.execute(() => held.promise);
    await expect(policy.execute(async () => 'x')).resolves.toBe('busy');
    held.resolve('held');
    await expect(holding).resolves.toBe('held');
    expect(events).toEqual(['rejected:bulkhead', 'rejected:bulkhead', 'fallback']);
  });

  it('does not retry an execution marked retry: false, and an open circuit stops it before any attempt', async () => {
    policy = createPolicy({
      retry: { maxAttempts: 5, random: () => 0 },
      breaker: { name: 'orders', volumeThreshold: 1 },
    });
    const operation = vi.fn(async (): Promise<string> => {
      throw statusError(503);
    });
    await expect(policy.execute(operation, { retry: false })).rejects.toMatchObject({
      status: 503,
    });
    expect(operation).toHaveBeenCalledTimes(1);
    await expect(policy.execute(operation)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(operation).toHaveBeenCalledTimes(1);
  });
});
