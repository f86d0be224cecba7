import { BulkheadRejectedError, bulkhead } from '@ecommerce/resilience';
import { serviceUnavailable } from '@ecommerce/service-kit';
import type { FastifyReply } from 'fastify';

export interface PasswordWorkOptions {
  /** Hashes computed at the same time; each takes 128 MiB and a libuv thread at OWASP's cost. */
  maxConcurrent: number;
  /** Requests allowed to wait for a slot; past that they are refused at once. */
  maxQueue: number;
}

/** Seconds a refused caller is asked to wait: about one queue's worth of hashes. */
export const passwordWorkRetryAfterSeconds = 1;

/**
 * Runs password hashing (login, registration) through a bulkhead. A flood of logins would
 * otherwise start one scrypt per request: memory grows by 128 MiB each, and they queue on
 * libuv's threadpool, which every other route's file, DNS and crypto work shares. Past the
 * bulkhead the answer is 503 with Retry-After, at no cost to the service.
 */
export function passwordWork(options: PasswordWorkOptions) {
  const limit = bulkhead(options);
  return {
    get active() {
      return limit.active;
    },
    async run<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
      try {
        return await limit.execute(work);
      } catch (error) {
        if (!(error instanceof BulkheadRejectedError)) throw error;
        reply.header('retry-after', String(passwordWorkRetryAfterSeconds));
        throw serviceUnavailable('Too many password checks at once', {
          detail: `Try again in ${passwordWorkRetryAfterSeconds} second`,
        });
      }
    },
  };
}

export type PasswordWork = ReturnType<typeof passwordWork>;
