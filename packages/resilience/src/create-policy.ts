import { type BulkheadOptions, type BulkheadPolicy, bulkhead } from './bulkhead.ts';
import {
  type CircuitBreakerOptions,
  type CircuitBreakerPolicy,
  circuitBreaker,
} from './circuit-breaker.ts';
import { compose } from './compose.ts';
import { type FallbackOptions, fallback } from './fallback.ts';
import type { Policy, ResilienceHooks } from './policy.ts';
import { type RetryOptions, retry } from './retry.ts';
import { type TimeoutOptions, timeout } from './timeout.ts';

type WithoutHooks<O> = Omit<O, 'hooks'>;

export interface PolicyOptions<F> {
  /** Time budget of each attempt. */
  timeout?: WithoutHooks<TimeoutOptions>;
  retry?: WithoutHooks<RetryOptions>;
  breaker?: WithoutHooks<CircuitBreakerOptions>;
  bulkhead?: WithoutHooks<BulkheadOptions>;
  fallback?: WithoutHooks<FallbackOptions<F>>;
  hooks?: ResilienceHooks;
}

export interface ResiliencePolicy<F = never> extends Policy<F> {
  /** The circuit, when one was configured: its state and stats are there for metrics. */
  readonly breaker?: CircuitBreakerPolicy;
  readonly bulkhead?: BulkheadPolicy;
  /** Releases the circuit's timers. */
  shutdown(): void;
}

/**
 * Builds one policy from the parts given, nested in this order (outermost first):
 *
 *   fallback( bulkhead( breaker( retry( timeout( operation )))))
 *
 * - timeout innermost: the budget is per attempt, so a retry gets a fresh one;
 * - retry inside the breaker: the circuit sees one outcome per call after transient errors were
 *   absorbed, and an open circuit stops a call before any attempt or back-off sleep;
 * - bulkhead outside the breaker: calls rejected by an open circuit never occupy or wait for a
 *   slot, and a slot is held for the whole call, back-off included, which bounds the load one
 *   caller can put on a struggling upstream;
 * - fallback outermost: it can replace every failure, rejections included.
 */
export function createPolicy<F = never>(options: PolicyOptions<F>): ResiliencePolicy<F> {
  const { hooks } = options;
  const breaker = options.breaker && circuitBreaker({ ...options.breaker, hooks });
  const limiter = options.bulkhead && bulkhead({ ...options.bulkhead, hooks });
  const layers: Policy<unknown>[] = [];
  if (options.fallback) layers.push(fallback({ ...options.fallback, hooks }));
  if (limiter) layers.push(limiter);
  if (breaker) layers.push(breaker);
  if (options.retry) layers.push(retry({ ...options.retry, hooks }));
  if (options.timeout) layers.push(timeout({ ...options.timeout, hooks }));
  const composed = compose(...layers) as Policy<F>;
  return {
    breaker,
    bulkhead: limiter,
    execute: (operation, executeOptions) => composed.execute(operation, executeOptions),
    shutdown: () => breaker?.shutdown(),
  };
}
