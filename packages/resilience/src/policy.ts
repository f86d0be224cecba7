/**
 * The unit every policy wraps: an async function that receives an AbortSignal and should stop
 * its work (close sockets, cancel queries) when the signal aborts.
 */
export type Operation<T> = (signal: AbortSignal) => Promise<T>;

export interface ExecuteOptions {
  /** Cancels the whole execution: queued waits, back-off sleeps and the running attempt. */
  signal?: AbortSignal;
  /**
   * `false` runs the operation at most once even under a retry policy: for requests that are
   * not safe to repeat (a POST without an idempotency key).
   */
  retry?: boolean;
}

/**
 * A resilience policy. `F` is the type a fallback may produce instead of the operation's own
 * result (`never` for policies without a fallback).
 */
export interface Policy<F = never> {
  execute<T>(operation: Operation<T>, options?: ExecuteOptions): Promise<T | F>;
}

export type FallbackOf<P> = P extends Policy<infer F> ? F : never;

export type CircuitState = 'closed' | 'open' | 'halfOpen';

export type RejectionSource = 'bulkhead' | 'circuitBreaker';

/** Observation points for metrics and logs. Hooks run synchronously and must not throw. */
export interface ResilienceHooks {
  onBreakerStateChange?: (event: { circuit: string; state: CircuitState }) => void;
  onRetry?: (event: { attempt: number; delayMs: number; error: unknown }) => void;
  onRejected?: (event: { source: RejectionSource; error: Error }) => void;
  onTimeout?: (event: { timeoutMs: number }) => void;
  onFallback?: (event: { error: unknown }) => void;
}
