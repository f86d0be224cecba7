import type { Isolation } from '@ecommerce/testkit';

type Database = ReturnType<Isolation['postgres']['pool']>;

/** Every row a redelivered event could change, the outboxes' events by id, type and key. */
const tables = [
  'orders.orders',
  'orders.order_lines',
  'orders.order_status_history',
  'orders.order_refunds',
  'inventory.stock_items',
  'inventory.reservations',
  'inventory.reservation_lines',
  'inventory.stock_movements',
  'inventory.order_refunds',
  'payments.payments',
  'payments.refunds',
  'payments.cancelled_orders',
  'notifications.notifications',
];
const outboxes = ['orders', 'inventory', 'payments', 'notifications'];

/** The saga's data as JSON rows per table, in a stable order, for before/after comparisons. */
export async function snapshot(db: Database): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of tables) {
    const { rows } = await db.query<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM ${table} t ORDER BY 1`,
    );
    result[table] = rows.map(({ row }) => row);
  }
  for (const schema of outboxes) {
    const { rows } = await db.query<{ row: string }>(
      `SELECT concat_ws(' ', id, type, key) AS row FROM ${schema}.outbox_events ORDER BY 1`,
    );
    result[`${schema}.outbox_events`] = rows.map(({ row }) => row);
  }
  return result;
}
