import type { EventHandler, OrderConfirmed } from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import {
  type NotificationSender,
  sendOrderNotification,
} from '../notifications/send-order-notification.ts';

/**
 * order.confirmed: the customer gets the confirmation with the total, once per order (the
 * delivery log's unique (order, kind)). The last step of the saga; nothing to compensate.
 */
export function onOrderConfirmed(
  sender: NotificationSender,
): EventHandler<typeof OrderConfirmed, Prisma.TransactionClient> {
  return async (event, tx) => {
    const { orderId, customerId, customerEmail, total } = event.data;
    await sendOrderNotification(
      tx,
      { kind: 'ORDER_CONFIRMED', orderId, customerId, total, recipient: customerEmail },
      sender,
    );
  };
}
