import { type InvariantCheck, violations } from '../check.ts';

/** Every order reaches CONFIRMED or CANCELLED within the saga deadline (plus a grace); a returned one is REFUNDED. */
export const noOrderStuck: InvariantCheck = {
  name: 'no order stuck',
  rule: 'no order is still in progress past the saga deadline',
  run: (db, { sagaDeadlineMs, graceMs }) =>
    violations(
      db,
      `SELECT format('order %s is still %s after %s', id, status, date_trunc('second', now() - created_at)) AS detail
       FROM orders.orders
       WHERE status NOT IN ('CONFIRMED', 'CANCELLED', 'REFUNDED')
         AND created_at < now() - make_interval(secs => ($1::float8 + $2::float8) / 1000)
       ORDER BY created_at`,
      [sagaDeadlineMs, graceMs],
    ),
};
