/** The reasons order-service gives for a cancellation (the order.cancelled.v1 contract). */
export type CancellationReason =
  | 'out_of_stock'
  | 'payment_declined'
  | 'timeout'
  | 'customer_cancelled';
