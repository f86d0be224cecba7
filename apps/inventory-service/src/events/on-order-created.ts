import {
  createEvent,
  type EventHandler,
  enqueue,
  InventoryRejected,
  InventoryReserved,
  type OrderCreated,
} from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import { reserveStock } from '../repository/reservation-repository.ts';
import { serviceName } from './service-name.ts';

/**
 * order.created: reserve every line or none, and say which with inventory.reserved (carrying
 * the total, so payment can charge) or inventory.rejected. An order that already has a
 * reservation (one released before this event arrived, because the order was cancelled first)
 * is left alone. Compensation of this step: on-order-cancelled and on-payment-failed release.
 */
export const onOrderCreated: EventHandler<typeof OrderCreated, Prisma.TransactionClient> = async (
  event,
  tx,
) => {
  const { orderId, customerId, lines, total } = event.data;
  const result = await reserveStock(
    tx,
    orderId,
    lines.map(({ productId, quantity }) => ({ productId, quantity })),
  );
  if (result.outcome === 'existing') return;
  await enqueue(
    tx,
    result.outcome === 'reserved'
      ? createEvent(InventoryReserved, {
          source: serviceName,
          subject: orderId,
          data: {
            orderId,
            reservationId: result.reservation.id,
            customerId,
            lines: result.reservation.lines,
            total,
          },
        })
      : createEvent(InventoryRejected, {
          source: serviceName,
          subject: orderId,
          data: { orderId, reason: 'out_of_stock', unavailable: result.unavailable },
        }),
  );
};
