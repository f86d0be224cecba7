import type { EventHandler, OrderCancelled } from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import { releaseForOrder } from './release.ts';

/**
 * order.cancelled (out of stock, payment declined, deadline, customer): the reservation, if
 * any, is released (compensation). If order.created has not been handled yet, the order is
 * marked released first, so its stock is never held.
 */
export const onOrderCancelled: EventHandler<typeof OrderCancelled, Prisma.TransactionClient> = (
  event,
  tx,
) => releaseForOrder(tx, event.data.orderId, 'order_cancelled');
