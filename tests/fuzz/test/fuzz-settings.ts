import { randomInt } from 'node:crypto';

export interface FuzzSettings {
  seed: number;
  /** Test cases per operation and phase. */
  maxExamples: number;
}

/**
 * CI runs a fixed seed and a small example count, so a run is repeatable and bounded (about
 * 5 minutes for all seven documents on 2 cores). `pnpm fuzz` sets FUZZ_SEED=random and more
 * examples, for people who want to dig; the seed is printed so a finding can be replayed.
 */
export function fuzzSettings(env: NodeJS.ProcessEnv): FuzzSettings {
  const seed =
    env.FUZZ_SEED === 'random' ? randomInt(2 ** 31) : Number(env.FUZZ_SEED ?? 20_241_201);
  const maxExamples = Number(env.FUZZ_MAX_EXAMPLES ?? 10);
  if (!Number.isInteger(seed) || !Number.isInteger(maxExamples) || maxExamples < 1) {
    throw new Error(
      'FUZZ_SEED must be an integer or "random", FUZZ_MAX_EXAMPLES a positive integer',
    );
  }
  return { seed, maxExamples };
}
