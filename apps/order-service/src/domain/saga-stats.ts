/** Orders placed in one minute, by where their saga stands now. */
export interface MinuteRow {
  /** The minute the orders were placed in (start, UTC). */
  minute: Date;
  confirmed: number;
  cancelled: number;
  pending: number;
  /** Placement to terminal state, of the orders that reached one; null when none did. */
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface SagaStatsBucket {
  start: string;
  confirmed: number;
  cancelled: number;
  pending: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

const minuteMs = 60_000;

/**
 * One bucket per minute of the last `windowMinutes` (the current one last), zeros where no
 * order was placed, so that a chart of them has no gaps.
 */
export function sagaStatsBuckets(
  rows: readonly MinuteRow[],
  windowMinutes: number,
  now: Date,
): SagaStatsBucket[] {
  const byMinute = new Map(rows.map((row) => [row.minute.getTime(), row]));
  const current = Math.floor(now.getTime() / minuteMs) * minuteMs;
  const buckets: SagaStatsBucket[] = [];
  for (let index = windowMinutes - 1; index >= 0; index -= 1) {
    const start = current - index * minuteMs;
    const row = byMinute.get(start);
    buckets.push({
      start: new Date(start).toISOString(),
      confirmed: row?.confirmed ?? 0,
      cancelled: row?.cancelled ?? 0,
      pending: row?.pending ?? 0,
      p50Ms: row?.p50Ms ?? null,
      p95Ms: row?.p95Ms ?? null,
    });
  }
  return buckets;
}
