import { Gauge, type Registry } from 'prom-client';

/** The states of a circuit, as `@ecommerce/resilience` names them. */
export const circuitStates = ['closed', 'halfOpen', 'open'] as const;
export type CircuitStateName = (typeof circuitStates)[number];

export interface CircuitStateChange {
  circuit: string;
  state: CircuitStateName;
}

export interface CircuitBreakerMetrics {
  /** Starts a circuit's series at closed, so they exist before anything fails. */
  track(circuit: string): void;
  /** The `onBreakerStateChange` hook of `@ecommerce/resilience`. */
  onBreakerStateChange(change: CircuitStateChange): void;
  /** Drops a circuit's series, e.g. when its upstream instance goes away. */
  forget(circuit: string): void;
}

const metricName = 'circuit_breaker_state';

/**
 * `circuit_breaker_state{circuit, state}`: 1 for a circuit's current state, 0 for the other two
 * (resilience4j's convention, which reads well in a state timeline). Several callers in one app
 * share the one gauge of the app's registry.
 */
export function circuitBreakerMetrics(registry: Registry): CircuitBreakerMetrics {
  const gauge =
    (registry.getSingleMetric(metricName) as Gauge<'circuit' | 'state'> | undefined) ??
    new Gauge({
      name: metricName,
      help: 'Circuit breaker state: 1 for the current state of each circuit, 0 for the others.',
      labelNames: ['circuit', 'state'] as const,
      registers: [registry],
    });

  const set = (circuit: string, current: CircuitStateName) => {
    for (const state of circuitStates) gauge.set({ circuit, state }, state === current ? 1 : 0);
  };

  return {
    track: (circuit) => set(circuit, 'closed'),
    onBreakerStateChange: ({ circuit, state }) => set(circuit, state),
    forget(circuit) {
      for (const state of circuitStates) gauge.remove({ circuit, state });
    },
  };
}
