import type { Database } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;

/** Work deferred by each open transaction until it commits. */
const deferred = new WeakMap<Tx, Array<() => void>>();

/**
 * Runs `fn` in one transaction of `db`, then, only once it has committed, what `fn` deferred
 * with `afterCommit`. A transaction that rolls back (and is retried: a consumer redelivers,
 * a sweep runs again) drops its deferred work, so a side effect outside the database, such as
 * a metric, happens once per committed change.
 */
export async function transactionWithAfterCommit<T>(
  db: Database,
  fn: (tx: Tx) => Promise<T>,
  options?: { maxWait?: number; timeout?: number },
): Promise<T> {
  const work: Array<() => void> = [];
  const result = await db.$transaction(async (tx) => {
    deferred.set(tx, work);
    return fn(tx);
  }, options);
  for (const run of work) run();
  return result;
}

/**
 * Defers `run` until `tx` commits. A transaction not opened by transactionWithAfterCommit
 * cannot say when it commits: that is a programming error, not something to guess at.
 */
export function afterCommit(tx: Tx, run: () => void): void {
  const work = deferred.get(tx);
  if (!work) throw new Error('afterCommit needs a transaction from transactionWithAfterCommit');
  work.push(run);
}
