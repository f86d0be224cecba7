import type { ExecuteOptions, FallbackOf, Operation, Policy } from './policy.ts';

/**
 * Nests policies: the first is the outermost. `compose(a, b, c).execute(fn)` runs
 * `a(b(c(fn)))`, each inner policy getting the signal its outer one hands down.
 */
export function compose<P extends Policy<unknown>[]>(
  ...policies: P
): Policy<FallbackOf<P[number]>> {
  return {
    execute<T>(
      operation: Operation<T>,
      options: ExecuteOptions = {},
    ): Promise<T | FallbackOf<P[number]>> {
      const run = policies.reduceRight<Operation<unknown>>(
        (inner, policy) => (signal) => policy.execute(inner, { ...options, signal }),
        operation,
      );
      return run(options.signal ?? new AbortController().signal) as Promise<
        T | FallbackOf<P[number]>
      >;
    },
  };
}
