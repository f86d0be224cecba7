import { runAbortable } from './abort.ts';
import { TimeoutError } from './errors.ts';
import type { ExecuteOptions, Operation, Policy, ResilienceHooks } from './policy.ts';

export interface TimeoutOptions {
  /** Time budget of one attempt, in milliseconds. */
  timeoutMs: number;
  hooks?: Pick<ResilienceHooks, 'onTimeout'>;
}

/**
 * Gives each execution a time budget: when it runs out, the operation's signal is aborted with a
 * TimeoutError and the execution rejects with that error at once.
 */
export function timeout(options: TimeoutOptions): Policy {
  const { timeoutMs, hooks } = options;
  if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be a positive number');
  return {
    async execute<T>(operation: Operation<T>, executeOptions: ExecuteOptions = {}): Promise<T> {
      const controller = new AbortController();
      const timer = setTimeout(() => {
        hooks?.onTimeout?.({ timeoutMs });
        controller.abort(new TimeoutError(timeoutMs));
      }, timeoutMs);
      try {
        return await runAbortable(controller, operation, executeOptions.signal);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
