import type { EventHandler, InventoryReserved } from '@ecommerce/events';
import type { Prisma } from '../generated/prisma/client.ts';
import type { SagaMetrics } from '../saga/saga-metrics.ts';
import { reactToEvent } from './react-to-event.ts';

/**
 * inventory.reserved: every line is held, PENDING -> STOCK_RESERVED. payment-service charges
 * on the same event; nothing is announced here. Compensation, if the order is cancelled from
 * now on: order.cancelled makes inventory release the reservation.
 */
export function onInventoryReserved(
  metrics: SagaMetrics,
): EventHandler<typeof InventoryReserved, Prisma.TransactionClient> {
  return (event, tx) =>
    reactToEvent(
      tx,
      { orderId: event.data.orderId, event: 'stock_reserved', cause: 'inventory.reserved' },
      metrics,
    );
}
