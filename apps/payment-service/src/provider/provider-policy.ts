import { compose, type Policy, retry, TimeoutError, timeout } from '@ecommerce/resilience';
import { TransientProviderError } from './payment-provider.ts';

export interface ProviderPolicyOptions {
  /** Budget of one provider call. */
  timeoutMs: number;
  /** Calls per operation, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected for deterministic back-off in tests. */
  random?: () => number;
  onRetry?: (event: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * Only errors after which the provider did not act (transient) or may have acted (timeout) are
 * retried. Both are safe because every request carries the same idempotency key on each
 * attempt, so the provider charges or refunds at most once.
 */
export function isRetryableProviderError(error: unknown): boolean {
  return error instanceof TransientProviderError || error instanceof TimeoutError;
}

/** Retry with full-jitter back-off around a per-attempt timeout. */
export function createProviderPolicy(options: ProviderPolicyOptions): Policy {
  return compose(
    retry({
      maxAttempts: options.maxAttempts,
      baseDelayMs: options.baseDelayMs,
      maxDelayMs: options.maxDelayMs,
      isRetryable: isRetryableProviderError,
      ...(options.random ? { random: options.random } : {}),
      ...(options.onRetry ? { hooks: { onRetry: options.onRetry } } : {}),
    }),
    timeout({ timeoutMs: options.timeoutMs }),
  );
}

/** The longest a provider operation can take under the policy: every attempt and back-off. */
export function providerPolicyBudgetMs(options: ProviderPolicyOptions): number {
  return options.maxAttempts * (options.timeoutMs + options.maxDelayMs);
}
