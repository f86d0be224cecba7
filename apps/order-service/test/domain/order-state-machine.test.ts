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
  },
  CONFIRMED: {
    stock_reserved: null,
    stock_rejected: null,
    payment_succeeded: null,
    payment_failed: null,
    customer_cancelled: null,
    deadline_passed: null,
  },
  CANCELLED: {
    stock_reserved: null,
    stock_rejected: null,
    payment_succeeded: null,
    payment_failed: null,
    customer_cancelled: null,
    deadline_passed: null,
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

  it('knows CONFIRMED and CANCELLED as the terminal states', () => {
    expect(orderStatuses.filter(isTerminal)).toEqual(['CONFIRMED', 'CANCELLED']);
  });

  it('accepts no event at all in a terminal state', () => {
    for (const status of orderStatuses.filter(isTerminal)) {
      expect(orderEventTypes.filter((event) => canApply(status, event))).toEqual([]);
    }
  });

  it('cancels only with a reason, and every other transition has none', () => {
    for (const { status, event } of pairs.filter((pair) => pair.outcome !== null)) {
      const change = transition(status, event);
      expect(change.cancellationReason !== undefined).toBe(change.to === 'CANCELLED');
    }
  });
});
