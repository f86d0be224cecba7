/** What a balancer needs to know about an instance. */
export interface Balanceable {
  /** Requests sent to it that have not finished yet. */
  readonly outstanding: number;
}

/** Picks one of the candidates (all able to take the request), or undefined when there are none. */
export type Balancer = <T extends Balanceable>(candidates: readonly T[]) => T | undefined;

export type BalancingStrategy = 'round-robin' | 'least-outstanding';

/** Each candidate in turn. */
export function roundRobin(): Balancer {
  let counter = 0;
  return (candidates) => {
    if (candidates.length === 0) return undefined;
    const chosen = candidates[counter % candidates.length];
    counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
    return chosen;
  };
}

/**
 * The candidate with the fewest requests in flight: a slow instance gets less traffic. Ties
 * are broken in turn, so idle instances share the load instead of the first one taking all.
 */
export function leastOutstanding(): Balancer {
  let counter = 0;
  return (candidates) => {
    if (candidates.length === 0) return undefined;
    const start = counter % candidates.length;
    counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
    let chosen = candidates[start];
    for (let offset = 1; offset < candidates.length; offset++) {
      const candidate = candidates[(start + offset) % candidates.length];
      if (candidate && chosen && candidate.outstanding < chosen.outstanding) chosen = candidate;
    }
    return chosen;
  };
}

export function createBalancer(strategy: BalancingStrategy): Balancer {
  return strategy === 'least-outstanding' ? leastOutstanding() : roundRobin();
}
