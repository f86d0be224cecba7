/** No payment exists for the order. */
export class PaymentNotFoundError extends Error {
  constructor(orderId: string) {
    super(`No payment for order ${orderId}`);
    this.name = 'PaymentNotFoundError';
  }
}

/** The payment cannot be refunded in its state (a failed charge took no money). */
export class PaymentNotRefundableError extends Error {
  readonly status: string;

  constructor(orderId: string, status: string) {
    super(`The payment of order ${orderId} is ${status} and cannot be refunded`);
    this.name = 'PaymentNotRefundableError';
    this.status = status;
  }
}

/** The order was already charged for a different customer or amount. */
export class ChargeMismatchError extends Error {
  constructor(orderId: string) {
    super(`Order ${orderId} was already charged with a different customer or amount`);
    this.name = 'ChargeMismatchError';
  }
}

/** The provider stayed unavailable through every retry; nothing was refunded. */
export class RefundUnavailableError extends Error {
  constructor(orderId: string, options?: { cause?: unknown }) {
    super(`The provider could not refund order ${orderId} now`, options);
    this.name = 'RefundUnavailableError';
  }
}

/** The saga cancelled the order (payment-service saw its order.cancelled): nothing is charged. */
export class OrderCancelledError extends Error {
  constructor(orderId: string) {
    super(`Order ${orderId} is cancelled and is not charged`);
    this.name = 'OrderCancelledError';
  }
}
