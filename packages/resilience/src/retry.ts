import { sleep } from './abort.ts';
import { type BackoffOptions, fullJitterDelay, type RandomSource } from './backoff.ts';
import type { ExecuteOptions, Operation, Policy, ResilienceHooks } from './policy.ts';
import { isRetryableError } from './retryable-errors.ts';

export interface RetryOptions extends Partial<BackoffOptions> {
  /** Total attempts including the first one. */
  maxAttempts: number;
  /** Which errors are worth another attempt. Default: {@link isRetryableError}. */
  isRetryable?: (error: unknown) => boolean;
  /** Injected for deterministic tests. Default: Math.random. */
  random?: RandomSource;
  hooks?: Pick<ResilienceHooks, 'onRetry'>;
}

export const DEFAULT_BASE_DELAY_MS = 100;
export const DEFAULT_MAX_DELAY_MS = 5_000;

/**
 * Repeats a failed execution up to `maxAttempts` times, sleeping a full-jitter exponential
 * back-off in between, as long as the error is retryable and the caller has not cancelled.
 */
export function retry(options: RetryOptions): Policy {
  const { maxAttempts, hooks } = options;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError('maxAttempts must be an integer >= 1');
  }
  const backoff: BackoffOptions = {
    baseDelayMs: options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
  };
  const isRetryable = options.isRetryable ?? isRetryableError;
  const random = options.random ?? Math.random;

  return {
    async execute<T>(operation: Operation<T>, executeOptions: ExecuteOptions = {}): Promise<T> {
      const { signal } = executeOptions;
      const attempts = executeOptions.retry === false ? 1 : maxAttempts;
      for (let attempt = 1; ; attempt++) {
        try {
          return await operation(signal ?? new AbortController().signal);
        } catch (error) {
          if (attempt >= attempts || signal?.aborted || !isRetryable(error)) throw error;
          const delayMs = fullJitterDelay(attempt - 1, backoff, random);
          hooks?.onRetry?.({ attempt, delayMs, error });
          await sleep(delayMs, signal);
        }
      }
    },
  };
}
