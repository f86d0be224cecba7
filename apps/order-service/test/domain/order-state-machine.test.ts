import { describe, expect, it } from 'vitest';
import {
  canApply,
  IllegalTransitionError,
  isTerminal,
  type OrderEventType,
  type OrderStatus,
  orderEventTypes,
  orderStatuses,
  type Transition,
  transition,
  whenRefunded,
} from '../../src/domain/order-state-machine.ts';

/** Every status x event pair: the transition it causes, or null when it is illegal. */
const expected: Record<OrderStatus, Record<OrderEventType, Omit<Transition, 'from'> | null>> = {
  PENDING: {
    stock_reserved: { to: 'STOCK_RESERVED', reason: 'stock_reserved' },
    stock_rejected: {
      to: 'CANCELLED',
      cancellationReason: 'out_of_stock',
      reason: 'out_of_stock',
    },
    payment_succeeded: { to: 'CONFIRMED', reason: 'payment_succeeded' },
    payment_failed: {
      to: 'CANCELLED',
      cancellationReason: 'payment_declined',
      reason: 'payment_declined',
    },
    customer_cancelled: {
      to: 'CANCELLED',
      cancellationReason: 'customer_cancelled',
      reason: 'customer_cancelled',
    },
    deadline_passed: { to: 'CANCELLED', cancellationReason: 'timeout', reason: 'timeout' },
    payment_refunded: null,
  },
  STOCK_RESERVED: {
    stock_reserved: null,
    stock_rejected: null,
    payment_succeeded: { to: 'CONFIRMED', reason: 'payment_succeeded' },
    payment_failed: {
      to: 'CANCELLED',
      cancellationReason: 'payment_declined',
      reason: 'payment_declined',
    },
    customer_cancelled: {
      to: 'CANCELLED',
      cancellationReason: 'customer_cancelled',
      reason: 'customer_cancelled',
    },
    deadline_passed: { to: 'CANCELLED', cancellationReason: 'timeout', reason: 'timeout' },
    payment_refunded: null,
  },
  CONFIRMED: {
    stock_reserved: null,
    stock_rejected: null,
    payment_succeeded: null,
    payment_failed: null,
    customer_cancelled: null,
    deadline_passed: null,
    payment_refunded: { to: 'REFUNDED', reason: 'payment_refunded' },
  },
  CANCELLED: {
    stock_reserved: null,
    stock_rejected: null,
    payment_succeeded: null,
    payment_failed: null,
    customer_cancelled: null,
    deadline_passed: null,
    payment_refunded: null,
  },
  REFUNDED: {
    stock_reserved: null,
    stock_rejected: null,
    payment_succeeded: null,
    payment_failed: null,
    customer_cancelled: null,
    deadline_passed: null,
    payment_refunded: null,
  },
};

const pairs = orderStatuses.flatMap((status) =>
  orderEventTypes.map((event) => ({ status, event, outcome: expected[status][event] })),
);

describe('order state machine', () => {
  it('covers every status and every event', () => {
    expect(pairs).toHaveLength(orderStatuses.length * orderEventTypes.length);
  });

  describe.each(pairs.filter((pair) => pair.outcome !== null))(
    '$status + $event',
    ({ status, event, outcome }) => {
      it(`moves to ${outcome?.to}`, () => {
        expect(transition(status, event)).toEqual({ from: status, ...outcome });
        expect(canApply(status, event)).toBe(true);
      });
    },
  );

  describe.each(pairs.filter((pair) => pair.outcome === null))(
    '$status + $event',
    ({ status, event }) => {
      it('is rejected with IllegalTransitionError', () => {
        expect(canApply(status, event)).toBe(false);
        let thrown: unknown;
        try {
          transition(status, event);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(IllegalTransitionError);
        expect(thrown).toMatchObject({ from: status, event });
      });
    },
  );

  it('knows CONFIRMED, CANCELLED and REFUNDED as the terminal states', () => {
    expect(orderStatuses.filter(isTerminal)).toEqual(['CONFIRMED', 'CANCELLED', 'REFUNDED']);
  });

  it('accepts no saga event in a terminal state; a confirmed order may only be returned', () => {
    for (const status of orderStatuses.filter(isTerminal)) {
      expect(orderEventTypes.filter((event) => canApply(status, event))).toEqual(
        status === 'CONFIRMED' ? ['payment_refunded'] : [],
      );
    }
  });

  it('returns a confirmed order now, holds the refund of an active one, ignores the rest', () => {
    expect(
      Object.fromEntries(orderStatuses.map((status) => [status, whenRefunded(status)])),
    ).toEqual({
      PENDING: 'after_confirmation',
      STOCK_RESERVED: 'after_confirmation',
      CONFIRMED: 'return_now',
      CANCELLED: 'nothing',
      REFUNDED: 'nothing',
    });
  });

  it('cancels only with a reason, and every other transition has none', () => {
    for (const { status, event } of pairs.filter((pair) => pair.outcome !== null)) {
      const change = transition(status, event);
      expect(change.cancellationReason !== undefined).toBe(change.to === 'CANCELLED');
    }
  });
});
