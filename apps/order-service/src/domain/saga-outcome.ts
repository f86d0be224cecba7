import type { CancellationReason, Transition } from './order-state-machine.ts';

/** How an order's saga ended, when a transition ends it. */
export type SagaOutcome =
  | { outcome: 'confirmed' }
  | { outcome: 'cancelled'; reason: CancellationReason };

/**
 * The outcome a transition reaches, which order-service then announces (order.confirmed or
 * order.cancelled); undefined while the saga goes on.
 */
export function sagaOutcome(change: Transition): SagaOutcome | undefined {
  if (change.to === 'CONFIRMED') return { outcome: 'confirmed' };
  if (change.to === 'CANCELLED') {
    if (!change.cancellationReason) throw new Error('a cancellation without a reason');
    return { outcome: 'cancelled', reason: change.cancellationReason };
  }
  return undefined;
}
