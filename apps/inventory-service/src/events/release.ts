import { createEvent, enqueue, InventoryReleased } from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import { releaseReservation } from '../repository/reservation-repository.ts';
import { serviceName } from './service-name.ts';

/**
 * The compensation of a reservation: its units go back on sale and inventory.released says so.
 * A release that finds no reservation yet (the order's events arrive on different topics)
 * records it as released, so the late order.created reserves nothing. Releasing again, or a
 * committed reservation, changes nothing.
 */
export async function releaseForOrder(
  tx: Prisma.TransactionClient,
  orderId: string,
  reason: 'payment_failed' | 'order_cancelled',
): Promise<void> {
  const result = await releaseReservation(tx, orderId, { reason, preemptIfMissing: true });
  if (result.outcome !== 'applied') return;
  await enqueue(
    tx,
    createEvent(InventoryReleased, {
      source: serviceName,
      subject: orderId,
      data: { orderId, reservationId: result.reservation.id, reason },
    }),
  );
}
