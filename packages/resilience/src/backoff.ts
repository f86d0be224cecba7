/** A source of uniformly distributed numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

export interface BackoffOptions {
  /** Delay ceiling of the first retry, in milliseconds. */
  baseDelayMs: number;
  /** Upper bound of any delay, in milliseconds. */
  maxDelayMs: number;
}

/**
 * "Full jitter" exponential back-off: the delay before retry number `retry` (0 for the first
 * retry) is uniform in [0, min(maxDelayMs, baseDelayMs * 2^retry)]. Spreading retries over the
 * whole window keeps clients that failed together from retrying together.
 */
export function fullJitterDelay(
  retry: number,
  options: BackoffOptions,
  random: RandomSource = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
