import CircuitBreaker from 'opossum';
import { CircuitOpenError } from './errors.ts';
import type { CircuitState, ExecuteOptions, Operation, Policy, ResilienceHooks } from './policy.ts';

export interface CircuitBreakerOptions {
  /** Names the circuit in errors, hooks and stats; one circuit per upstream. */
  name: string;
  /** Failure percentage in the rolling window above which the circuit opens. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls the rolling window must hold before the circuit may open. Default 5. */
  volumeThreshold?: number;
  /** How long the circuit stays open before letting one trial call through. Default 10 000. */
  resetTimeoutMs?: number;
  /** Length of the rolling statistics window. Default 10 000. */
  rollingCountTimeoutMs?: number;
  /** Buckets the window is divided into. Default 10. */
  rollingCountBuckets?: number;
  /**
   * Which errors count against the circuit. Default: all of them. The caller's own
   * cancellation never counts: it says nothing about the upstream's health.
   */
  isFailure?: (error: unknown) => boolean;
  hooks?: Pick<ResilienceHooks, 'onBreakerStateChange' | 'onRejected'>;
}

export interface CircuitBreakerPolicy extends Policy {
  readonly name: string;
  readonly state: CircuitState;
  /** Rolling counters (fires, failures, rejects, latency percentiles) for metrics. */
  readonly stats: CircuitBreaker.Stats;
  /** Stops the statistics timers; later executions reject. */
  shutdown(): void;
}

type Run = () => Promise<unknown>;

/**
 * A circuit breaker on opossum. Opossum's own timeout is switched off: time limits belong to the
 * timeout policy, which also aborts the operation, so there is one timeout mechanism.
 *
 * Opossum's half-open state lets exactly one trial call through; a success closes the circuit,
 * a failure opens it again for another `resetTimeoutMs`. Calls made while the trial runs are
 * rejected like calls on an open circuit.
 */
export function circuitBreaker(options: CircuitBreakerOptions): CircuitBreakerPolicy {
  const { name, hooks } = options;
  const isFailure = options.isFailure ?? (() => true);
  const breaker = new CircuitBreaker<[Run, AbortSignal], unknown>((run) => run(), {
    name,
    timeout: false,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 5,
    resetTimeout: options.resetTimeoutMs ?? 10_000,
    rollingCountTimeout: options.rollingCountTimeoutMs ?? 10_000,
    rollingCountBuckets: options.rollingCountBuckets ?? 10,
    // opossum's filter is the inverse: a filtered error counts as a success.
    errorFilter: (error: unknown, ...args: unknown[]) => {
      const signal = args[1] as AbortSignal;
      const cancelledByCaller = signal.aborted && error === signal.reason;
      return cancelledByCaller || !isFailure(error);
    },
    enableSnapshots: false,
  });

  const notify = (state: CircuitState) => () =>
    hooks?.onBreakerStateChange?.({ circuit: name, state });
  breaker.on('open', notify('open'));
  breaker.on('halfOpen', notify('halfOpen'));
  breaker.on('close', notify('closed'));

  return {
    name,
    get state(): CircuitState {
      if (breaker.opened) return 'open';
      if (breaker.halfOpen) return 'halfOpen';
      return 'closed';
    },
    get stats() {
      return breaker.stats;
    },
    shutdown: () => breaker.shutdown(),
    async execute<T>(operation: Operation<T>, executeOptions: ExecuteOptions = {}): Promise<T> {
      const signal = executeOptions.signal ?? new AbortController().signal;
      try {
        return (await breaker.fire(() => operation(signal), signal)) as T;
      } catch (error) {
        if (isOpenCircuitRejection(error)) {
          const rejection = new CircuitOpenError(name);
          hooks?.onRejected?.({ source: 'circuitBreaker', error: rejection });
          throw rejection;
        }
        throw error;
      }
    },
  };
}

function isOpenCircuitRejection(error: unknown): boolean {
  return (
    error instanceof Error &&
    CircuitBreaker.isOurError(error) &&
    (error as { code?: unknown }).code === 'EOPENBREAKER'
  );
}
