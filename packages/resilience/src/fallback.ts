import type { ExecuteOptions, Operation, Policy, ResilienceHooks } from './policy.ts';

export interface FallbackOptions<F> {
  /** Produces the substitute result from the error that ended the execution. */
  fallback: (error: unknown) => F | Promise<F>;
  /** Which errors the fallback may replace. Default: all but the caller's own cancellation. */
  shouldFallback?: (error: unknown) => boolean;
  hooks?: Pick<ResilienceHooks, 'onFallback'>;
}

/** Replaces a failed execution's error with a substitute result (a cached value, a default). */
export function fallback<F>(options: FallbackOptions<F>): Policy<F> {
  const { hooks } = options;
  return {
    async execute<T>(operation: Operation<T>, executeOptions: ExecuteOptions = {}): Promise<T | F> {
      const { signal } = executeOptions;
      try {
        return await operation(signal ?? new AbortController().signal);
      } catch (error) {
        const callerCancelled = signal?.aborted === true && error === signal.reason;
        const applies = options.shouldFallback?.(error) ?? !callerCancelled;
        if (!applies) throw error;
        hooks?.onFallback?.({ error });
        return options.fallback(error);
      }
    },
  };
}
