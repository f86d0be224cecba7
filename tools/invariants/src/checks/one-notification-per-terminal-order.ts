import { type InvariantCheck, violations } from '../check.ts';

/**
 * The customer hears about each outcome exactly once, and only about what happened: a
 * confirmation, a cancellation, or for a returned order its confirmation and its refund.
 */
export const oneNotificationPerTerminalOrder: InvariantCheck = {
  name: 'one notification per terminal order',
  rule: 'every terminal order has exactly one notification of each of its outcomes, sent, and no other',
  run: (db, { graceMs }) =>
    violations(
      db,
      `WITH expected (status, kind) AS (
         VALUES ('CONFIRMED', 'ORDER_CONFIRMED'), ('CANCELLED', 'ORDER_CANCELLED'),
                ('REFUNDED', 'ORDER_CONFIRMED'), ('REFUNDED', 'ORDER_REFUNDED')
       ),
       notified AS (
         SELECT o.id, o.status::text AS status, n.kind::text AS kind, n.status::text AS sent,
                EXISTS (SELECT 1 FROM expected e WHERE e.status = o.status::text AND e.kind = n.kind::text) AS wanted
         FROM orders.orders o
         LEFT JOIN notifications.notifications n ON n.order_id = o.id
         WHERE o.status IN ('CONFIRMED', 'CANCELLED', 'REFUNDED')
           AND o.updated_at < now() - make_interval(secs => $1::float8 / 1000)
       )
       SELECT format('order %s is %s: notifications %s; expected %s, each sent once',
                     id, status,
                     coalesce(string_agg(kind || ' ' || sent, ', ' ORDER BY kind), 'none'),
                     (SELECT string_agg(e.kind, ', ' ORDER BY e.kind) FROM expected e WHERE e.status = notified.status)) AS detail
       FROM notified
       GROUP BY id, status
       HAVING count(*) FILTER (WHERE wanted AND sent = 'SENT')
                <> (SELECT count(*) FROM expected e WHERE e.status = notified.status)
           OR count(*) FILTER (WHERE kind IS NOT NULL AND NOT wanted) <> 0`,
      [graceMs],
    ),
};
