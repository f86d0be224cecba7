import {
  type CircuitBreakerPolicy,
  type CircuitState,
  circuitBreaker,
} from '@ecommerce/resilience';
import type { Balancer } from './balancers.ts';

export interface UpstreamInstance {
  service: string;
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:3002`. */
  url: string;
  outstanding: number;
  /** The last active health check's verdict; new instances are presumed healthy. */
  healthy: boolean;
  breaker: CircuitBreakerPolicy;
}

export interface BreakerSettings {
  volumeThreshold: number;
  errorThresholdPercentage: number;
  resetTimeoutMs: number;
  /** Which errors count against the circuit; everything by default. */
  isFailure?: (error: unknown) => boolean;
  onStateChange?: (
    instance: { service: string; url: string; circuit: string },
    state: CircuitState,
  ) => void;
  /** A circuit was created for a new instance (e.g. to start its metrics at closed). */
  onCircuitCreated?: (circuit: string) => void;
  /** An instance left the pool, and its circuit with it. */
  onCircuitRemoved?: (circuit: string) => void;
}

export interface UpstreamPool {
  readonly service: string;
  readonly instances: readonly UpstreamInstance[];
  /** Makes the pool hold exactly these URLs; instances already known keep their state. */
  replace(urls: readonly string[]): void;
  /** An instance able to take a request (healthy, circuit not open), other than `excluded`. */
  pick(excluded?: ReadonlySet<UpstreamInstance>): UpstreamInstance | undefined;
  close(): void;
}

export function createUpstreamPool(
  service: string,
  balancer: Balancer,
  breakerSettings: BreakerSettings,
): UpstreamPool {
  let instances: UpstreamInstance[] = [];

  const createInstance = (url: string): UpstreamInstance => {
    const circuit = `${service} ${url}`;
    const breaker = circuitBreaker({
      name: circuit,
      volumeThreshold: breakerSettings.volumeThreshold,
      errorThresholdPercentage: breakerSettings.errorThresholdPercentage,
      resetTimeoutMs: breakerSettings.resetTimeoutMs,
      ...(breakerSettings.isFailure ? { isFailure: breakerSettings.isFailure } : {}),
      hooks: {
        onBreakerStateChange: ({ state }) =>
          breakerSettings.onStateChange?.({ service, url, circuit }, state),
      },
    });
    breakerSettings.onCircuitCreated?.(circuit);
    return { service, url, outstanding: 0, healthy: true, breaker };
  };
  const removeInstance = (instance: UpstreamInstance) => {
    instance.breaker.shutdown();
    breakerSettings.onCircuitRemoved?.(instance.breaker.name);
  };

  return {
    service,
    get instances() {
      return instances;
    },
    replace(urls) {
      const wanted = new Set(urls.map((url) => url.replace(/\/+$/, '')));
      const kept = instances.filter((instance) => wanted.has(instance.url));
      for (const gone of instances) if (!wanted.has(gone.url)) removeInstance(gone);
      const known = new Set(kept.map((instance) => instance.url));
      const added = [...wanted].filter((url) => !known.has(url)).map(createInstance);
      instances = [...kept, ...added];
    },
    pick(excluded) {
      // A half-open circuit lets its one trial call through; the breaker itself rejects the rest.
      const candidates = instances.filter(
        (instance) =>
          instance.healthy && instance.breaker.state !== 'open' && !excluded?.has(instance),
      );
      return balancer(candidates);
    },
    close() {
      for (const instance of instances) removeInstance(instance);
      instances = [];
    },
  };
}
