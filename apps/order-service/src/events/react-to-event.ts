import { NonRetryableEventError } from '@ecommerce/events';
import { IllegalTransitionError } from '../domain/order-state-machine.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { recordStep } from '../repository/order-repository.ts';
import { type AdvanceOrderInput, activeTraceId, advanceOrder } from '../saga/advance-order.ts';
import type { SagaMetrics } from '../saga/saga-metrics.ts';

/**
 * What every handler of order-service does with another service's event: advance the order,
 * or, when its status no longer accepts the event (it arrived late: the order was cancelled
 * meanwhile, or confirmed before its inventory.reserved was read), keep it on the timeline as
 * ignored. The other services compensate on order.cancelled, so ignoring is safe.
 */
export async function reactToEvent(
  tx: Prisma.TransactionClient,
  input: AdvanceOrderInput,
  metrics: SagaMetrics,
): Promise<void> {
  try {
    const result = await advanceOrder(tx, input, metrics);
    // Retrying cannot make an unknown order appear: straight to the dead-letter topic.
    if (!result) throw new NonRetryableEventError(`No order ${input.orderId}`);
  } catch (error) {
    if (!(error instanceof IllegalTransitionError)) throw error;
    await recordStep(tx, {
      orderId: input.orderId,
      step: input.cause,
      status: error.from,
      reason: `ignored: the order is ${error.from}`,
      ...activeTraceId(),
    });
  }
}
