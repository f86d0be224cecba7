import { describe, expect, it } from 'vitest';
import {
  orderEventTypes,
  orderStatuses,
  transition,
} from '../../src/domain/order-state-machine.ts';
import { sagaOutcome } from '../../src/domain/saga-outcome.ts';

describe('sagaOutcome', () => {
  it('ends the saga confirmed on payment, cancelled with the reason otherwise', () => {
    expect(sagaOutcome(transition('STOCK_RESERVED', 'payment_succeeded'))).toEqual({
      outcome: 'confirmed',
    });
    expect(sagaOutcome(transition('PENDING', 'stock_rejected'))).toEqual({
      outcome: 'cancelled',
      reason: 'out_of_stock',
    });
    expect(sagaOutcome(transition('STOCK_RESERVED', 'payment_failed'))).toEqual({
      outcome: 'cancelled',
      reason: 'payment_declined',
    });
    expect(sagaOutcome(transition('PENDING', 'deadline_passed'))).toEqual({
      outcome: 'cancelled',
      reason: 'timeout',
    });
    expect(sagaOutcome(transition('STOCK_RESERVED', 'customer_cancelled'))).toEqual({
      outcome: 'cancelled',
      reason: 'customer_cancelled',
    });
  });

  it('has no outcome while the saga goes on', () => {
    expect(sagaOutcome(transition('PENDING', 'stock_reserved'))).toBeUndefined();
  });

  it('gives an outcome for exactly the transitions into a terminal status', () => {
    for (const status of orderStatuses) {
      for (const event of orderEventTypes) {
        let change: ReturnType<typeof transition>;
        try {
          change = transition(status, event);
        } catch {
          continue;
        }
        const terminal = change.to === 'CONFIRMED' || change.to === 'CANCELLED';
        expect(sagaOutcome(change) !== undefined, `${status} + ${event}`).toBe(terminal);
      }
    }
  });
});
