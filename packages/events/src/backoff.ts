export interface BackoffOptions {
  /** Delay before the first retry. */
  initialDelayMs: number;
  /** No delay grows beyond this. */
  maxDelayMs: number;
}

/**
 * Exponential backoff with "equal jitter": the n-th retry (from 1) waits between half and all
 * of `initial * 2^(n-1)`, capped, so instances that failed together do not retry together.
 */
export function backoffDelay(
  retry: number,
  { initialDelayMs, maxDelayMs }: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
