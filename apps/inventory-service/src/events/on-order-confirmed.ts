import {
  createEvent,
  type EventHandler,
  enqueue,
  InventoryCommitted,
  NonRetryableEventError,
  type OrderConfirmed,
} from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import { commitReservation, returnIfRefunded } from '../repository/reservation-repository.ts';
import { serviceName } from './service-name.ts';

/**
 * order.confirmed: the reserved units leave on hand for good, and inventory.committed says so.
 * No compensation follows a confirmed order; a refund that restocks it, read before this event
 * (events of different topics are not ordered), puts the units back on hand right after. A
 * confirmed order always has a reservation (payment charges only after inventory.reserved); one
 * without is a fault for the DLQ.
 */
export const onOrderConfirmed: EventHandler<
  typeof OrderConfirmed,
  Prisma.TransactionClient
> = async (event, tx) => {
  const { orderId } = event.data;
  const result = await commitReservation(tx, orderId, 'order_confirmed');
  if (result.outcome === 'not_found') {
    throw new NonRetryableEventError(`Order ${orderId} was confirmed without a reservation`);
  }
  if (result.outcome !== 'applied') return;
  await enqueue(
    tx,
    createEvent(InventoryCommitted, {
      source: serviceName,
      subject: orderId,
      data: { orderId, reservationId: result.reservation.id },
    }),
  );
  await returnIfRefunded(tx, orderId);
};
