import type { EventHandler, InventoryRejected } from '@ecommerce/events';
import type { Prisma } from '../generated/prisma/client.ts';
import type { SagaMetrics } from '../saga/saga-metrics.ts';
import { reactToEvent } from './react-to-event.ts';

/**
 * inventory.rejected: some line was out of stock and nothing was reserved, so the order is
 * CANCELLED (out_of_stock) and order.cancelled announces it. Nothing to compensate: no stock
 * is held and payment never charges an order it saw no reservation for.
 */
export function onInventoryRejected(
  metrics: SagaMetrics,
): EventHandler<typeof InventoryRejected, Prisma.TransactionClient> {
  return (event, tx) =>
    reactToEvent(
      tx,
      { orderId: event.data.orderId, event: 'stock_rejected', cause: 'inventory.rejected' },
      metrics,
    );
}
