import { type InvariantCheck, violations } from '../check.ts';

/**
 * Units put into stock (set and adjustments) = available + reserved + sold, for every product,
 * sold being committed units less those returned; the ledger agrees with the stock rows, and
 * the reserved count with the open reservations.
 */
export const stockConserved: InvariantCheck = {
  name: 'stock conserved',
  rule: 'stocked = available + reserved + sold; ledger and reservations agree with stock rows',
  run: (db) =>
    violations(
      db,
      `WITH ledger AS (
         SELECT product_id,
                coalesce(sum(delta_on_hand) FILTER (WHERE kind IN ('SET', 'ADJUSTMENT')), 0) AS stocked,
                coalesce(-sum(delta_on_hand) FILTER (WHERE kind IN ('COMMIT', 'RETURN')), 0) AS sold,
                coalesce(sum(delta_on_hand), 0) AS on_hand,
                coalesce(sum(delta_reserved), 0) AS reserved
         FROM inventory.stock_movements GROUP BY product_id
       ),
       open_reservations AS (
         SELECT l.product_id, sum(l.quantity) AS reserved
         FROM inventory.reservation_lines l
         JOIN inventory.reservations r ON r.id = l.reservation_id AND r.status = 'RESERVED'
         GROUP BY l.product_id
       )
       SELECT format('product %s: stocked %s, available %s, reserved %s, sold %s; ledger on hand %s, reserved %s; open reservations %s',
                     s.product_id, coalesce(g.stocked, 0), s.on_hand - s.reserved, s.reserved,
                     coalesce(g.sold, 0), g.on_hand, g.reserved, coalesce(o.reserved, 0)) AS detail
       FROM inventory.stock_items s
       LEFT JOIN ledger g ON g.product_id = s.product_id
       LEFT JOIN open_reservations o ON o.product_id = s.product_id
       WHERE coalesce(g.stocked, 0) <> (s.on_hand - s.reserved) + s.reserved + coalesce(g.sold, 0)
          OR coalesce(g.on_hand, 0) <> s.on_hand
          OR coalesce(g.reserved, 0) <> s.reserved
          OR coalesce(o.reserved, 0) <> s.reserved
          OR s.on_hand < 0 OR s.reserved < 0 OR s.reserved > s.on_hand
       ORDER BY s.product_id`,
    ),
};
