export { type BackoffOptions, fullJitterDelay, type RandomSource } from './backoff.ts';
export { type BulkheadOptions, type BulkheadPolicy, bulkhead } from './bulkhead.ts';
export {
  type CircuitBreakerOptions,
  type CircuitBreakerPolicy,
  circuitBreaker,
} from './circuit-breaker.ts';
export { compose } from './compose.ts';
export { createPolicy, type PolicyOptions, type ResiliencePolicy } from './create-policy.ts';
export { BulkheadRejectedError, CircuitOpenError, TimeoutError } from './errors.ts';
export { type FallbackOptions, fallback } from './fallback.ts';
export type {
  CircuitState,
  ExecuteOptions,
  FallbackOf,
  Operation,
  Policy,
  RejectionSource,
  ResilienceHooks,
} from './policy.ts';
export { DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, type RetryOptions, retry } from './retry.ts';
export { isRetryableError, RETRYABLE_HTTP_STATUSES } from './retryable-errors.ts';
export { type TimeoutOptions, timeout } from './timeout.ts';
