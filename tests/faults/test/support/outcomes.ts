import { allViolations, checkInvariants, type Violation } from '@ecommerce/invariants';
import type { Isolation } from '@ecommerce/testkit';

type Database = ReturnType<Isolation['postgres']['pool']>;

/**
 * The saga deadline order-service runs with in these tests: long enough that no order is
 * cancelled merely because a fault held it up (see the README for how long that is).
 */
export const sagaDeadlineMs = 120_000;

const terminal = ['CONFIRMED', 'CANCELLED', 'REFUNDED'];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Orders by outcome: `CONFIRMED`, `CANCELLED/out_of_stock`, `PENDING`, ... */
export async function outcomes(db: Database, orderIds: string[]): Promise<Record<string, number>> {
  const { rows } = await db.query<{ outcome: string; count: number }>(
    `SELECT status::text || coalesce('/' || cancellation_reason::text, '') AS outcome,
            count(*)::int AS count
     FROM orders.orders WHERE id = ANY($1::uuid[]) GROUP BY 1 ORDER BY 1`,
    [orderIds],
  );
  return Object.fromEntries(rows.map((row) => [row.outcome, row.count]));
}

export async function inFlight(db: Database, orderIds: string[]): Promise<number> {
  const counts = await outcomes(db, orderIds);
  return Object.entries(counts)
    .filter(([outcome]) => !terminal.some((status) => outcome.startsWith(status)))
    .reduce((sum, [, count]) => sum + count, 0);
}

/**
 * Polls until every order is CONFIRMED, CANCELLED or REFUNDED; resolves with the time it took. Fails
 * after `timeoutMs` with the outcomes seen last.
 */
export async function waitUntilTerminal(
  db: Database,
  orderIds: string[],
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    const counts = await outcomes(db, orderIds);
    const done = Object.entries(counts)
      .filter(([outcome]) => terminal.some((status) => outcome.startsWith(status)))
      .reduce((sum, [, count]) => sum + count, 0);
    if (done === orderIds.length) return Date.now() - started;
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `${orderIds.length - done} of ${orderIds.length} orders not terminal after ${timeoutMs} ms: ${JSON.stringify(counts)}`,
      );
    }
    await pause(250);
  }
}

/**
 * Polls the invariants until none is violated: compensations and notifications may still be
 * on their way just after the last order turned terminal. Fails after `timeoutMs` with every
 * violation seen last.
 */
export async function waitUntilInvariantsHold(
  adminUrl: string,
  timeoutMs = 30_000,
): Promise<number> {
  const started = Date.now();
  let violations: Violation[] = [];
  for (;;) {
    violations = allViolations(await checkInvariants(adminUrl, { sagaDeadlineMs, graceMs: 0 }));
    if (violations.length === 0) return Date.now() - started;
    if (Date.now() - started > timeoutMs) break;
    await pause(500);
  }
  const lines = violations.map(({ check, detail }) => `  ${check}: ${detail}`);
  console.log(`invariant violations:\n${lines.join('\n')}`);
  throw new Error(`${violations.length} invariant violation(s):\n${lines.join('\n')}`);
}

/**
 * The longest wait before each kind of saga step, over the given orders, in ms (e.g.
 * `stock_reserved: 31250`): how long a fault held the saga up.
 */
export async function longestSteps(
  db: Database,
  orderIds: string[],
): Promise<Record<string, number>> {
  const { rows } = await db.query<{ reason: string; ms: number }>(
    `SELECT reason, round(max(gap))::int AS ms FROM (
       SELECT reason,
              extract(epoch FROM at - lag(at) OVER (PARTITION BY order_id ORDER BY id)) * 1000 AS gap
       FROM orders.order_status_history WHERE order_id = ANY($1::uuid[])
     ) steps WHERE gap IS NOT NULL GROUP BY reason ORDER BY reason`,
    [orderIds],
  );
  return Object.fromEntries(rows.map((row) => [row.reason, row.ms]));
}
