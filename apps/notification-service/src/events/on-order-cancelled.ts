import type { EventHandler, OrderCancelled } from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import {
  type NotificationSender,
  sendOrderNotification,
} from '../notifications/send-order-notification.ts';

/**
 * order.cancelled: the customer learns why (out of stock, payment declined, deadline, their own
 * request), once per order. Inventory and payment compensate on the same event.
 */
export function onOrderCancelled(
  sender: NotificationSender,
): EventHandler<typeof OrderCancelled, Prisma.TransactionClient> {
  return async (event, tx) => {
    const { orderId, customerId, customerEmail, reason } = event.data;
    await sendOrderNotification(
      tx,
      { kind: 'ORDER_CANCELLED', orderId, customerId, reason, recipient: customerEmail },
      sender,
    );
  };
}
