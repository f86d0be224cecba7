import { type InvariantCheck, violations } from '../check.ts';

/** A cancelled order keeps no money and no stock: its charge is refunded, its stock released. */
export const cancelledOrdersCompensated: InvariantCheck = {
  name: 'cancelled orders compensated',
  rule: 'every cancelled order that was charged is refunded and holds no stock',
  run: (db) =>
    violations(
      db,
      `SELECT format('order %s is CANCELLED (%s) but its payment %s is %s',
                     o.id, o.cancellation_reason, p.id, p.status) AS detail
       FROM orders.orders o JOIN payments.payments p ON p.order_id = o.id
       WHERE o.status = 'CANCELLED' AND p.status = 'SUCCEEDED'
       UNION ALL
       SELECT format('order %s is CANCELLED (%s) but its reservation is %s',
                     o.id, o.cancellation_reason, r.status)
       FROM orders.orders o JOIN inventory.reservations r ON r.order_id = o.id
       WHERE o.status = 'CANCELLED' AND r.status <> 'RELEASED'`,
    ),
};

/**
 * A confirmed order was paid for once and its stock left the warehouse. A refund of it (a
 * return) makes it REFUNDED; one younger than the grace may still be on its way there.
 */
export const confirmedOrdersSettled: InvariantCheck = {
  name: 'confirmed orders settled',
  rule: 'every confirmed order has a successful payment and a committed reservation',
  run: (db, { graceMs }) =>
    violations(
      db,
      `SELECT format('order %s is CONFIRMED but its payment is %s and its reservation %s',
                     o.id, coalesce(p.status::text, 'missing'), coalesce(r.status::text, 'missing')) AS detail
       FROM orders.orders o
       LEFT JOIN payments.payments p ON p.order_id = o.id
       LEFT JOIN payments.refunds f ON f.payment_id = p.id
       LEFT JOIN inventory.reservations r ON r.order_id = o.id
       WHERE o.status = 'CONFIRMED'
         AND (p.status IS DISTINCT FROM 'SUCCEEDED' OR r.status IS DISTINCT FROM 'COMMITTED')
         AND NOT (p.status = 'REFUNDED' AND f.created_at >= now() - make_interval(secs => $1::float8 / 1000))`,
      [graceMs],
    ),
};
