import type { Money } from '../domain/money.ts';
import type { CancellationReason, OrderStatus } from '../domain/order-state-machine.ts';
import type {
  Order,
  OrderLine,
  OrderStatusHistory,
  OrderTimelineStep,
} from '../generated/prisma/client.ts';

/** An order as the API shows it. */
export interface OrderView {
  id: string;
  customerId: string;
  status: OrderStatus;
  cancellationReason: CancellationReason | null;
  lines: OrderLineView[];
  total: Money;
  createdAt: string;
  updatedAt: string;
}

export interface OrderLineView {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

export interface StatusChangeView {
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  reason: string;
  at: string;
  traceId: string | null;
}

export function orderView(order: Order & { lines: OrderLine[] }): OrderView {
  return {
    id: order.id,
    customerId: order.customerId,
    status: order.status,
    cancellationReason: order.cancellationReason,
    lines: [...order.lines]
      .sort((a, b) => a.lineNumber - b.lineNumber)
      .map((line) => ({
        productId: line.productId,
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unitPrice: { amount: line.unitPriceAmount, currency: line.unitPriceCurrency },
      })),
    total: { amount: order.totalAmount, currency: order.totalCurrency },
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

export function statusChangeView(entry: OrderStatusHistory): StatusChangeView {
  return {
    fromStatus: entry.fromStatus,
    toStatus: entry.toStatus,
    reason: entry.reason,
    at: entry.at.toISOString(),
    traceId: entry.traceId,
  };
}

export interface TimelineStepView {
  at: string;
  step: string;
  status: OrderStatus;
  reason?: string;
  traceId?: string;
}

export function timelineStepView(entry: OrderTimelineStep): TimelineStepView {
  return {
    at: entry.at.toISOString(),
    step: entry.step,
    status: entry.status,
    ...(entry.reason === null ? {} : { reason: entry.reason }),
    ...(entry.traceId === null ? {} : { traceId: entry.traceId }),
  };
}
