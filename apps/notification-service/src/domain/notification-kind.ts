/** What a notification is about; one of each per order at most. */
export type NotificationKind = 'ORDER_CONFIRMED' | 'ORDER_CANCELLED';

/** The reasons order-service gives for a cancellation (the order.cancelled.v1 contract). */
export type CancellationReason = 'out_of_stock' | 'payment_declined' | 'timeout';
