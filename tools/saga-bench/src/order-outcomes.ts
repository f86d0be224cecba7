import type pg from 'pg';

export interface OrderOutcome {
  orderId: string;
  status: string;
  cancellationReason: string | null;
  /** orders.created_at, epoch milliseconds (server clock). */
  placedAt: number;
  /** The status history entry that made the order terminal; null while it is not. */
  terminalAt: number | null;
}

const terminalStatuses = `('CONFIRMED', 'CANCELLED')`;

/** How many of the orders are CONFIRMED or CANCELLED: one cheap query, fit for polling. */
export async function countTerminal(db: pg.Pool, orderIds: readonly string[]): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    `SELECT count(*) FROM orders.orders
     WHERE id = ANY($1::uuid[]) AND status IN ${terminalStatuses}`,
    [orderIds],
  );
  return Number(rows[0]?.count ?? 0);
}

/** Each order's status and its placement and terminal times, from order-service's tables. */
export async function readOutcomes(
  db: pg.Pool,
  orderIds: readonly string[],
): Promise<OrderOutcome[]> {
  const { rows } = await db.query<{
    id: string;
    status: string;
    cancellation_reason: string | null;
    placed_at: string;
    terminal_at: string | null;
  }>(
    `SELECT o.id, o.status::text, o.cancellation_reason::text,
            extract(epoch FROM o.created_at) * 1000 AS placed_at,
            extract(epoch FROM t.at) * 1000 AS terminal_at
     FROM orders.orders o
     LEFT JOIN LATERAL (
       SELECT h.at FROM orders.order_status_history h
       WHERE h.order_id = o.id AND h.to_status IN ${terminalStatuses}
       ORDER BY h.id LIMIT 1
     ) t ON true
     WHERE o.id = ANY($1::uuid[])`,
    [orderIds],
  );
  return rows.map((row) => ({
    orderId: row.id,
    status: row.status,
    cancellationReason: row.cancellation_reason,
    placedAt: Number(row.placed_at),
    terminalAt: row.terminal_at === null ? null : Number(row.terminal_at),
  }));
}

/** Polls until every order is terminal or `timeoutMs` passes; how many were terminal. */
export async function waitUntilTerminal(
  db: pg.Pool,
  orderIds: readonly string[],
  timeoutMs: number,
  onProgress?: (terminal: number) => void,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let terminal = 0;
  for (;;) {
    terminal = await countTerminal(db, orderIds);
    onProgress?.(terminal);
    if (terminal >= orderIds.length || Date.now() >= deadline) return terminal;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
