import {
  createEvent,
  type EventContract,
  type EventData,
  enqueue,
  OrderCancelled,
  OrderConfirmed,
  OrderRefunded,
} from '@ecommerce/events';
import { traceFields } from '@ecommerce/service-kit';
import type { Database } from '../db.ts';
import type { OrderEventType, Transition } from '../domain/order-state-machine.ts';
import { type SagaOutcome, sagaOutcome } from '../domain/saga-outcome.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import {
  applyOrderEvent,
  isRootClient,
  recordStep,
  type SagaOrder,
  serviceName,
} from '../repository/order-repository.ts';
import { afterCommit } from './after-commit.ts';
import type { SagaMetrics } from './saga-metrics.ts';

type Tx = Prisma.TransactionClient;

export interface AdvanceOrderInput {
  orderId: string;
  event: OrderEventType;
  /** The timeline's name for what happened: the consumed event, or customer_cancelled, ... */
  cause: string;
  /** The charge that confirms the order (payment.succeeded). */
  paymentId?: string;
  /** The refund that returns a confirmed order (payment.refunded). */
  refund?: RefundFacts;
}

/** What order.refunded says about the refund that returned an order. */
export interface RefundFacts {
  refundId: string;
  amount: number;
  currency: string;
  restock: boolean;
}

/** The active trace, for the timeline and the history. */
export function activeTraceId(): { traceId?: string } {
  const { traceId } = traceFields();
  return traceId ? { traceId } : {};
}

/**
 * Moves an order on by one saga event, in one transaction: the state machine's transition,
 * its history entry and timeline step, and, when the saga ends, order.confirmed or
 * order.cancelled in the outbox (inventory and payment compensate on order.cancelled); a
 * return of a confirmed order announces order.refunded. Throws
 * IllegalTransitionError when the order's status does not accept the event.
 */
export async function advanceOrder(
  db: Database | Tx,
  input: AdvanceOrderInput,
  metrics: SagaMetrics,
): Promise<{ order: SagaOrder; change: Transition } | undefined> {
  const trace = activeTraceId();
  let ended: SagaOutcome | undefined;
  const result = await applyOrderEvent(db, input.orderId, input.event, {
    ...trace,
    onTransition: async (tx, order, change) => {
      await recordStep(tx, {
        orderId: order.id,
        step: input.cause,
        status: change.to,
        reason: change.cancellationReason ?? null,
        ...trace,
      });
      if (change.to === 'REFUNDED') {
        await announceReturn(tx, order, requireRefund(input), trace);
        return;
      }
      const outcome = sagaOutcome(change);
      if (!outcome) return;
      const event =
        outcome.outcome === 'confirmed'
          ? orderEvent(OrderConfirmed, order, {
              ...aboutOrder(order),
              paymentId: requirePaymentId(input),
              total: order.total,
            })
          : orderEvent(OrderCancelled, order, { ...aboutOrder(order), reason: outcome.reason });
      await enqueue(tx, event);
      await recordStep(tx, {
        orderId: order.id,
        step: outcome.outcome === 'confirmed' ? OrderConfirmed.name : OrderCancelled.name,
        status: change.to,
        reason: outcome.outcome === 'cancelled' ? outcome.reason : null,
        ...trace,
      });
      ended = outcome;
    },
  });
  if (ended) {
    const outcome = ended;
    // Counted once the change is committed, not each time a transaction attempts it.
    if (isRootClient(db)) metrics.ended(outcome);
    else afterCommit(db, () => metrics.ended(outcome));
  }
  return result;
}

/** An event order-service announces about an order, keyed by it. */
function orderEvent<C extends EventContract>(contract: C, order: SagaOrder, data: EventData<C>) {
  return createEvent(contract, { source: serviceName, subject: order.id, data });
}

/** What every order.* event says of its order: which one, and the customer to write to. */
function aboutOrder(order: SagaOrder) {
  return { orderId: order.id, customerId: order.customerId, customerEmail: order.customerEmail };
}

/** order.refunded, and the timeline step that says whether the units went back on hand. */
async function announceReturn(
  tx: Tx,
  order: SagaOrder,
  refund: RefundFacts,
  trace: { traceId?: string },
): Promise<void> {
  await enqueue(
    tx,
    orderEvent(OrderRefunded, order, {
      ...aboutOrder(order),
      refundId: refund.refundId,
      amount: { amount: refund.amount, currency: refund.currency },
      restock: refund.restock,
    }),
  );
  await recordStep(tx, {
    orderId: order.id,
    step: OrderRefunded.name,
    status: 'REFUNDED',
    reason: refund.restock ? 'units_restocked' : 'units_not_restocked',
    ...trace,
  });
}

function requireRefund(input: AdvanceOrderInput): RefundFacts {
  if (!input.refund) throw new Error(`${input.event} returned an order without a refund`);
  return input.refund;
}

function requirePaymentId(input: AdvanceOrderInput): string {
  if (!input.paymentId) throw new Error(`${input.event} confirmed an order without a payment`);
  return input.paymentId;
}
