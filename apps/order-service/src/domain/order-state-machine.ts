/**
 * The life of an order in the saga, as pure rules: which event moves an order from which status
 * to which, and why. No I/O; the repository applies the result and records it in the history.
 */

export const orderStatuses = [
  'PENDING',
  'STOCK_RESERVED',
  'CONFIRMED',
  'CANCELLED',
  'REFUNDED',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/**
 * Where the saga ends. A CONFIRMED order may still be returned later (payment_refunded), a
 * business flow of its own after the saga; REFUNDED accepts nothing.
 */
export const terminalStatuses: ReadonlySet<OrderStatus> = new Set([
  'CONFIRMED',
  'CANCELLED',
  'REFUNDED',
]);

export const cancellationReasons = [
  'out_of_stock',
  'payment_declined',
  'timeout',
  'customer_cancelled',
] as const;
export type CancellationReason = (typeof cancellationReasons)[number];

export const orderEventTypes = [
  'stock_reserved',
  'stock_rejected',
  'payment_succeeded',
  'payment_failed',
  'customer_cancelled',
  'deadline_passed',
  'payment_refunded',
] as const;
export type OrderEventType = (typeof orderEventTypes)[number];

/** What the first history entry of every order gives as its reason. */
export const orderPlacedReason = 'order_placed';

export interface Transition {
  from: OrderStatus;
  to: OrderStatus;
  /** Set when the transition cancels the order. */
  cancellationReason?: CancellationReason;
  /** For the history: the cancellation reason, or the event that caused the change. */
  reason: string;
}

/** An event that the order's current status does not accept. */
export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  readonly from: OrderStatus;
  readonly event: OrderEventType;

  constructor(from: OrderStatus, event: OrderEventType) {
    super(`An order that is ${from} does not accept ${event}`);
    this.from = from;
    this.event = event;
  }
}

type Rule = {
  from: readonly OrderStatus[];
  to: OrderStatus;
  cancellationReason?: CancellationReason;
};

const active: readonly OrderStatus[] = ['PENDING', 'STOCK_RESERVED'];

/**
 * A refund after confirmation is a return: the order is REFUNDED. Only a confirmed order is
 * returned; the refund of a cancelled order is its compensation and changes nothing, and a
 * refund read before the confirmation waits for it (see whenRefunded).
 *
 * Payment outcomes are accepted while PENDING as well: payment-service charges only after
 * inventory.reserved, so a payment outcome proves the reservation, and order-service may read
 * payment.* before inventory.reserved because they arrive on different topics.
 */
const rules: Record<OrderEventType, Rule> = {
  stock_reserved: { from: ['PENDING'], to: 'STOCK_RESERVED' },
  stock_rejected: { from: ['PENDING'], to: 'CANCELLED', cancellationReason: 'out_of_stock' },
  payment_succeeded: { from: active, to: 'CONFIRMED' },
  payment_failed: { from: active, to: 'CANCELLED', cancellationReason: 'payment_declined' },
  customer_cancelled: {
    from: active,
    to: 'CANCELLED',
    cancellationReason: 'customer_cancelled',
  },
  deadline_passed: { from: active, to: 'CANCELLED', cancellationReason: 'timeout' },
  payment_refunded: { from: ['CONFIRMED'], to: 'REFUNDED' },
};

export function isTerminal(status: OrderStatus): boolean {
  return terminalStatuses.has(status);
}

/** Whether `event` may happen to an order in `status`. */
export function canApply(status: OrderStatus, event: OrderEventType): boolean {
  return rules[event].from.includes(status);
}

/** The transition `event` causes, or an {@link IllegalTransitionError}. */
export function transition(status: OrderStatus, event: OrderEventType): Transition {
  const rule = rules[event];
  if (!rule.from.includes(status)) throw new IllegalTransitionError(status, event);
  return rule.cancellationReason
    ? {
        from: status,
        to: rule.to,
        cancellationReason: rule.cancellationReason,
        reason: rule.cancellationReason,
      }
    : { from: status, to: rule.to, reason: event };
}

/**
 * What a refund payment-service made means for an order in `status`: a CONFIRMED order is
 * returned now; an active one is charged but not confirmed yet (payment.refunded and
 * payment.succeeded arrive on different topics), so the refund waits for the confirmation;
 * a CANCELLED order's refund is its compensation, and a REFUNDED one has had its refund.
 */
export function whenRefunded(status: OrderStatus): 'return_now' | 'after_confirmation' | 'nothing' {
  if (status === 'CONFIRMED') return 'return_now';
  return active.includes(status) ? 'after_confirmation' : 'nothing';
}
