import { type InvariantCheck, violations } from '../check.ts';

/** Nobody is charged twice: at most one successful charge and one refund per order. */
export const oneCapturePerOrder: InvariantCheck = {
  name: 'at most one capture per order',
  rule: 'one captured payment per order, one refund per payment',
  run: (db) =>
    violations(
      db,
      `SELECT format('order %s: %s captured payments', order_id, count(*)) AS detail
       FROM payments.payments WHERE status IN ('SUCCEEDED', 'REFUNDED')
       GROUP BY order_id HAVING count(*) > 1
       UNION ALL
       SELECT format('payment %s: %s refunds', payment_id, count(*))
       FROM payments.refunds GROUP BY payment_id HAVING count(*) > 1`,
    ),
};
