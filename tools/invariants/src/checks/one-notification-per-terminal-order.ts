import { type InvariantCheck, violations } from '../check.ts';

/** The customer hears about the outcome exactly once, and about the right outcome. */
export const oneNotificationPerTerminalOrder: InvariantCheck = {
  name: 'one notification per terminal order',
  rule: 'every terminal order has exactly one notification, of its outcome, sent',
  run: (db, { graceMs }) =>
    violations(
      db,
      `SELECT format('order %s is %s: %s notifications of that outcome (%s), %s of the other',
                     o.id, o.status,
                     count(n.id) FILTER (WHERE n.kind::text = 'ORDER_' || o.status::text),
                     coalesce(string_agg(n.status::text, ',') FILTER (WHERE n.kind::text = 'ORDER_' || o.status::text), 'none'),
                     count(n.id) FILTER (WHERE n.kind::text <> 'ORDER_' || o.status::text)) AS detail
       FROM orders.orders o
       LEFT JOIN notifications.notifications n ON n.order_id = o.id
       WHERE o.status IN ('CONFIRMED', 'CANCELLED')
         AND o.updated_at < now() - make_interval(secs => $1::float8 / 1000)
       GROUP BY o.id, o.status
       HAVING count(n.id) FILTER (WHERE n.kind::text = 'ORDER_' || o.status::text AND n.status = 'SENT') <> 1
           OR count(n.id) FILTER (WHERE n.kind::text <> 'ORDER_' || o.status::text) <> 0`,
      [graceMs],
    ),
};
