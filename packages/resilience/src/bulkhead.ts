import { abortReason } from './abort.ts';
import { BulkheadRejectedError } from './errors.ts';
import type { ExecuteOptions, Operation, Policy, ResilienceHooks } from './policy.ts';

export interface BulkheadOptions {
  /** Executions allowed to run at the same time. */
  maxConcurrent: number;
  /** Executions allowed to wait for a slot; beyond that they are rejected at once. Default 0. */
  maxQueue?: number;
  hooks?: Pick<ResilienceHooks, 'onRejected'>;
}

export interface BulkheadPolicy extends Policy {
  /** Executions running now. */
  readonly active: number;
  /** Executions waiting for a slot. */
  readonly queued: number;
}

interface Waiter {
  start: () => void;
}

/**
 * Caps concurrent executions so one slow dependency cannot take every socket, connection or
 * event-loop turn of the service. Waiters are served first in, first out; a waiter whose signal
 * aborts leaves the queue.
 */
export function bulkhead(options: BulkheadOptions): BulkheadPolicy {
  const { maxConcurrent, hooks } = options;
  const maxQueue = options.maxQueue ?? 0;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new RangeError('maxConcurrent must be an integer >= 1');
  }
  if (!Number.isInteger(maxQueue) || maxQueue < 0) {
    throw new RangeError('maxQueue must be an integer >= 0');
  }
  let active = 0;
  const queue: Waiter[] = [];

  const release = () => {
    const next = queue.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next.start();
    else active--;
  };

  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (active < maxConcurrent) {
      active++;
      return Promise.resolve();
    }
    if (queue.length >= maxQueue) {
      const rejection = new BulkheadRejectedError(maxConcurrent, maxQueue);
      hooks?.onRejected?.({ source: 'bulkhead', error: rejection });
      return Promise.reject(rejection);
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        queue.splice(queue.indexOf(waiter), 1);
        reject(abortReason(signal as AbortSignal));
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };

  return {
    get active() {
      return active;
    },
    get queued() {
      return queue.length;
    },
    async execute<T>(operation: Operation<T>, executeOptions: ExecuteOptions = {}): Promise<T> {
      const { signal } = executeOptions;
      await acquire(signal);
      try {
        return await operation(signal ?? new AbortController().signal);
      } finally {
        release();
      }
    },
  };
}
