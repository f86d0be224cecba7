import type pg from 'pg';

export interface StageTiming {
  stage: string;
  orders: number;
  /** Milliseconds since the order was placed (orders.created_at). */
  p50: number;
  p99: number;
}

/**
 * Where the time of a confirmed order goes, from every service's own records: when each event
 * was published (outbox published_at) and handled (inbox processed_at), as milliseconds since
 * placement. Reads all schemas, so it needs the database superuser.
 */
const stagesSql = `
WITH measured AS (
  SELECT id, created_at FROM orders.orders WHERE id = ANY($1::uuid[]) AND status = 'CONFIRMED'
),
events AS (
  SELECT m.id AS order_id, m.created_at, e.stage, e.at
  FROM measured m
  CROSS JOIN LATERAL (
    SELECT '1 order.created published' AS stage, o.published_at AS at
      FROM orders.outbox_events o WHERE o.key = m.id::text AND o.type = 'order.created.v1'
    UNION ALL
    SELECT '2 order.created handled by inventory', i.processed_at
      FROM orders.outbox_events o JOIN inventory.inbox_events i ON i.event_id = o.id
      WHERE o.key = m.id::text AND o.type = 'order.created.v1'
    UNION ALL
    SELECT '3 inventory.reserved published', o.published_at
      FROM inventory.outbox_events o WHERE o.key = m.id::text AND o.type = 'inventory.reserved.v1'
    UNION ALL
    SELECT '4 inventory.reserved handled by payment', i.processed_at
      FROM inventory.outbox_events o JOIN payments.inbox_events i ON i.event_id = o.id
      WHERE o.key = m.id::text AND o.type = 'inventory.reserved.v1'
    UNION ALL
    SELECT '5 payment.succeeded published', o.published_at
      FROM payments.outbox_events o WHERE o.key = m.id::text AND o.type = 'payment.succeeded.v1'
    UNION ALL
    SELECT '6 CONFIRMED by order-service', h.at
      FROM orders.order_status_history h WHERE h.order_id = m.id AND h.to_status = 'CONFIRMED'
  ) e
)
SELECT stage, count(*)::int AS orders,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM at - created_at) * 1000) AS p50,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM at - created_at) * 1000) AS p99
FROM events WHERE at IS NOT NULL GROUP BY stage ORDER BY stage`;

export async function sagaStages(db: pg.Pool, orderIds: readonly string[]): Promise<StageTiming[]> {
  const { rows } = await db.query<{ stage: string; orders: number; p50: number; p99: number }>(
    stagesSql,
    [orderIds],
  );
  return rows.map((row) => ({
    stage: row.stage.slice(2),
    orders: row.orders,
    p50: Number(row.p50),
    p99: Number(row.p99),
  }));
}
