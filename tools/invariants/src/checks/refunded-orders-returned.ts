import { type InvariantCheck, violations } from '../check.ts';

/**
 * A refunded (returned) order gave the money back once, and its units are where the refund
 * said: back on hand (RETURNED) with restock, gone (COMMITTED) without. Units come back on hand
 * only for a refunded order. Changes younger than the grace may still be on their way.
 */
export const refundedOrdersReturned: InvariantCheck = {
  name: 'refunded orders returned',
  rule: 'every refunded order has a refunded payment and its reservation returned exactly when the refund restocks',
  run: (db, { graceMs }) =>
    violations(
      db,
      `SELECT format('order %s is REFUNDED but its payment is %s, its refund restock %s and its reservation %s',
                     o.id, coalesce(p.status::text, 'missing'), coalesce(f.restock::text, 'missing'),
                     coalesce(r.status::text, 'missing')) AS detail
       FROM orders.orders o
       LEFT JOIN payments.payments p ON p.order_id = o.id
       LEFT JOIN payments.refunds f ON f.payment_id = p.id
       LEFT JOIN inventory.reservations r ON r.order_id = o.id
       WHERE o.status = 'REFUNDED'
         AND o.updated_at < now() - make_interval(secs => $1::float8 / 1000)
         AND (p.status IS DISTINCT FROM 'REFUNDED'
              OR r.status::text IS DISTINCT FROM CASE WHEN f.restock THEN 'RETURNED' ELSE 'COMMITTED' END)
       UNION ALL
       SELECT format('order %s has its reservation RETURNED but is %s', r.order_id, coalesce(o.status::text, 'missing'))
       FROM inventory.reservations r
       LEFT JOIN orders.orders o ON o.id = r.order_id
       WHERE r.status = 'RETURNED' AND o.status IS DISTINCT FROM 'REFUNDED'
         AND r.updated_at < now() - make_interval(secs => $1::float8 / 1000)`,
      [graceMs],
    ),
};
