import type { Database } from '../db.ts';
import { lockOrdersPastDeadline } from '../repository/order-repository.ts';
import { advanceOrder } from './advance-order.ts';
import { transactionWithAfterCommit } from './after-commit.ts';
import type { SagaMetrics } from './saga-metrics.ts';

export interface DeadlineSweeperOptions {
  db: Database;
  /** An order still PENDING or STOCK_RESERVED this long after placement is cancelled. */
  deadlineMs: number;
  intervalMs: number;
  metrics: SagaMetrics;
  onError(error: unknown): void;
  /** Orders cancelled per transaction. */
  batchSize?: number;
}

export interface DeadlineSweeper {
  start(): void;
  /** Cancels every order past its deadline now; how many it cancelled. */
  sweep(): Promise<number>;
  /** Lets a sweep in progress finish. */
  stop(): Promise<void>;
}

/**
 * Every order reaches a terminal state: one that has not within the saga deadline (a service
 * down, an event dead-lettered) is CANCELLED (timeout) and order.cancelled makes inventory
 * release and payment refund whatever they did. Each batch locks its orders with
 * FOR UPDATE SKIP LOCKED, so several order-service instances sweep side by side, and a saga
 * event racing the sweep waits for the row lock and then finds the order cancelled.
 */
export function createDeadlineSweeper(options: DeadlineSweeperOptions): DeadlineSweeper {
  const batchSize = options.batchSize ?? 50;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function sweepBatch(): Promise<number> {
    return transactionWithAfterCommit(options.db, async (tx) => {
      const due = await lockOrdersPastDeadline(tx, options.deadlineMs, batchSize);
      for (const orderId of due) {
        await advanceOrder(
          tx,
          { orderId, event: 'deadline_passed', cause: 'deadline_passed' },
          options.metrics,
        );
      }
      return due.length;
    });
  }

  async function sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const cancelled = await sweepBatch();
      total += cancelled;
      if (cancelled < batchSize || stopped) return total;
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweep()
        .then(() => undefined, options.onError)
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, options.intervalMs);
  }

  return {
    start: schedule,
    sweep,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
