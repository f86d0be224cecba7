import type { EventHandler, OrderRefunded } from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import {
  type NotificationSender,
  sendOrderNotification,
} from '../notifications/send-order-notification.ts';

/**
 * order.refunded: a confirmed order was returned, and the customer hears that the amount is on
 * its way back, once per order (the delivery log's unique (order, kind)).
 */
export function onOrderRefunded(
  sender: NotificationSender,
): EventHandler<typeof OrderRefunded, Prisma.TransactionClient> {
  return async (event, tx) => {
    const { orderId, customerId, customerEmail, amount } = event.data;
    await sendOrderNotification(
      tx,
      { kind: 'ORDER_REFUNDED', orderId, customerId, amount, recipient: customerEmail },
      sender,
    );
  };
}
