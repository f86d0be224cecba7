import {
  createEventConsumer,
  type EventConsumer,
  type EventConsumerOptions,
  OrderCancelled,
  OrderConfirmed,
  OrderRefunded,
} from '@ecommerce/events';
import type { Prisma } from '../db.ts';
import type { NotificationSender } from '../notifications/send-order-notification.ts';
import { onOrderCancelled } from './on-order-cancelled.ts';
import { onOrderConfirmed } from './on-order-confirmed.ts';
import { onOrderRefunded } from './on-order-refunded.ts';

export type Tx = Prisma.TransactionClient;

/** The saga's events notification-service reacts to, each with its handler. */
export function createNotificationEventConsumer(
  options: EventConsumerOptions<Tx>,
  sender: NotificationSender,
): EventConsumer<Tx> {
  return createEventConsumer<Tx>(options)
    .on(OrderConfirmed, onOrderConfirmed(sender))
    .on(OrderCancelled, onOrderCancelled(sender))
    .on(OrderRefunded, onOrderRefunded(sender));
}
