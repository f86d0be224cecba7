import { Counter, type Registry } from 'prom-client';
import type { SagaOutcome } from '../domain/saga-outcome.ts';

export interface SagaMetrics {
  /** An order reached its terminal state. */
  ended(outcome: SagaOutcome): void;
}

export function createSagaMetrics(registry: Registry): SagaMetrics {
  const outcomes = new Counter({
    name: 'saga_outcomes_total',
    help: 'Orders that reached a terminal state, by outcome and cancellation reason.',
    labelNames: ['outcome', 'reason'],
    registers: [registry],
  });
  return {
    ended(outcome) {
      outcomes.inc({
        outcome: outcome.outcome,
        reason: outcome.outcome === 'cancelled' ? outcome.reason : '',
      });
    },
  };
}
