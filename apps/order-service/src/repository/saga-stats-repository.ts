import type { Database } from '../db.ts';
import type { MinuteRow } from '../domain/saga-stats.ts';

interface Row {
  minute: Date;
  confirmed: bigint;
  cancelled: bigint;
  pending: bigint;
  p50_ms: number | null;
  p95_ms: number | null;
}

/**
 * Orders placed in the last `minutes`, per minute: outcomes, and how long the terminal ones
 * took (placement to the last status change, which for a terminal order is its outcome). A
 * returned (REFUNDED) order counts as confirmed, the saga's outcome, but not in the times: its
 * last change is the return, long after the saga.
 */
export async function sagaOutcomesPerMinute(db: Database, minutes: number): Promise<MinuteRow[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT date_trunc('minute', created_at) AS minute,
      count(*) FILTER (WHERE status IN ('CONFIRMED', 'REFUNDED')) AS confirmed,
      count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
      count(*) FILTER (WHERE status IN ('PENDING', 'STOCK_RESERVED')) AS pending,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - created_at) * 1000)
        FILTER (WHERE status IN ('CONFIRMED', 'CANCELLED')) AS p50_ms,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - created_at) * 1000)
        FILTER (WHERE status IN ('CONFIRMED', 'CANCELLED')) AS p95_ms
    FROM orders
    WHERE created_at >= date_trunc('minute', now()) - make_interval(mins => ${minutes - 1}::int)
    GROUP BY 1`;
  return rows.map((row) => ({
    minute: row.minute,
    confirmed: Number(row.confirmed),
    cancelled: Number(row.cancelled),
    pending: Number(row.pending),
    p50Ms: row.p50_ms === null ? null : Math.round(Number(row.p50_ms)),
    p95Ms: row.p95_ms === null ? null : Math.round(Number(row.p95_ms)),
  }));
}

/** Why the orders of the last `minutes` were cancelled, with counts. */
export async function cancellationReasonCounts(
  db: Database,
  minutes: number,
): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<{ reason: string; count: bigint }[]>`
    SELECT cancellation_reason::text AS reason, count(*) AS count
    FROM orders
    WHERE status = 'CANCELLED'
      AND created_at >= date_trunc('minute', now()) - make_interval(mins => ${minutes - 1}::int)
    GROUP BY 1`;
  return Object.fromEntries(rows.map((row) => [row.reason, Number(row.count)]));
}
