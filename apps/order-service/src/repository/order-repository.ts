import { randomUUID } from 'node:crypto';
import { createEvent, enqueue, OrderCreated } from '@ecommerce/events';
import type { Database } from '../db.ts';
import type { PricedOrder } from '../domain/order-pricing.ts';
import {
  type OrderEventType,
  type OrderStatus,
  orderPlacedReason,
  type Transition,
  transition,
} from '../domain/order-state-machine.ts';
import { Prisma } from '../generated/prisma/client.ts';
import {
  type OrderView,
  orderView,
  type StatusChangeView,
  statusChangeView,
} from './order-views.ts';

export const serviceName = 'order-service';

type Tx = Prisma.TransactionClient;

/** The response a customer's Idempotency-Key already produced. */
export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
}

export interface PlaceOrderInput {
  customerId: string;
  priced: PricedOrder;
  /** The Idempotency-Key and the fingerprint of the request it came with. */
  idempotency?: { key: string; requestHash: string };
  traceId?: string;
}

export type PlaceOrderResult =
  | { outcome: 'created'; order: OrderView }
  /** The key was used before (perhaps by a request running at the same moment). */
  | { outcome: 'key_used'; stored: StoredResponse };

export async function findStoredResponse(
  db: Database | Tx,
  customerId: string,
  key: string,
): Promise<StoredResponse | undefined> {
  const row = await db.idempotencyKey.findUnique({
    where: { customerId_key: { customerId, key } },
  });
  return row
    ? { requestHash: row.requestHash, status: row.responseStatus, body: row.responseBody }
    : undefined;
}

/**
 * Stores a PENDING order with its lines, the first history entry and `order.created` in the
 * outbox, in one transaction. With an Idempotency-Key, the key and the response are stored in
 * the same transaction: of two requests racing with one key, the second waits on the key's
 * primary key, fails when the first commits, and everything it wrote is rolled back.
 */
export async function placeOrder(db: Database, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  const { customerId, priced, idempotency } = input;
  const orderId = randomUUID();
  try {
    const order = await db.$transaction(async (tx) => {
      const created = await tx.order.create({
        data: {
          id: orderId,
          customerId,
          status: 'PENDING',
          totalAmount: priced.total.amount,
          totalCurrency: priced.total.currency,
          lines: {
            create: priced.lines.map((line, index) => ({
              lineNumber: index + 1,
              productId: line.productId,
              sku: line.sku,
              name: line.name,
              quantity: line.quantity,
              unitPriceAmount: line.unitPrice.amount,
              unitPriceCurrency: line.unitPrice.currency,
            })),
          },
          history: {
            create: {
              toStatus: 'PENDING',
              reason: orderPlacedReason,
              traceId: input.traceId ?? null,
            },
          },
        },
        include: { lines: true },
      });
      const view = orderView(created);
      await enqueue(
        tx,
        createEvent(OrderCreated, {
          source: serviceName,
          subject: view.id,
          data: {
            orderId: view.id,
            customerId: view.customerId,
            lines: view.lines.map(({ productId, quantity, unitPrice }) => ({
              productId,
              quantity,
              unitPrice,
            })),
            total: view.total,
          },
        }),
      );
      if (idempotency) {
        await tx.idempotencyKey.create({
          data: {
            customerId,
            key: idempotency.key,
            requestHash: idempotency.requestHash,
            orderId: view.id,
            responseStatus: 201,
            responseBody: view as unknown as Prisma.InputJsonObject,
          },
        });
      }
      return view;
    });
    return { outcome: 'created', order };
  } catch (error) {
    if (!idempotency || !isUniqueViolation(error)) throw error;
    const stored = await findStoredResponse(db, customerId, idempotency.key);
    if (!stored) throw error;
    return { outcome: 'key_used', stored };
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export async function findOrder(
  db: Database | Tx,
  orderId: string,
): Promise<OrderView | undefined> {
  const order = await db.order.findUnique({ where: { id: orderId }, include: { lines: true } });
  return order ? orderView(order) : undefined;
}

export interface OrderPage {
  items: OrderView[];
  total: number;
}

/** Orders newest first, all of them or one customer's. */
export async function listOrders(
  db: Database,
  options: { customerId?: string; page: number; pageSize: number },
): Promise<OrderPage> {
  const where = options.customerId ? { customerId: options.customerId } : {};
  const [orders, total] = await Promise.all([
    db.order.findMany({
      where,
      include: { lines: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
    }),
    db.order.count({ where }),
  ]);
  return { items: orders.map(orderView), total };
}

/** An order's status changes, oldest first. */
export async function orderHistory(db: Database, orderId: string): Promise<StatusChangeView[]> {
  const entries = await db.orderStatusHistory.findMany({
    where: { orderId },
    orderBy: { id: 'asc' },
  });
  return entries.map(statusChangeView);
}

export interface ApplyEventOptions {
  traceId?: string;
  /**
   * Runs in the same transaction after the change, with the order row still locked: where the
   * events that announce the change are enqueued.
   */
  onTransition?: (tx: Tx, order: OrderView, change: Transition) => Promise<void>;
}

/**
 * Applies a saga or customer event to an order under its row lock: the state machine decides,
 * and the new status and its history entry commit together. Throws IllegalTransitionError when
 * the order's status does not accept the event; returns undefined when there is no such order.
 */
export async function applyOrderEvent(
  db: Database,
  orderId: string,
  event: OrderEventType,
  options: ApplyEventOptions = {},
): Promise<{ order: OrderView; change: Transition } | undefined> {
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ status: OrderStatus }[]>`
      SELECT status::text AS status FROM orders WHERE id = ${orderId}::uuid FOR UPDATE`;
    if (!locked) return undefined;
    const change = transition(locked.status, event);
    const updated = await tx.order.update({
      where: { id: orderId },
      data: {
        status: change.to,
        cancellationReason: change.cancellationReason ?? null,
        history: {
          create: {
            fromStatus: change.from,
            toStatus: change.to,
            reason: change.reason,
            traceId: options.traceId ?? null,
          },
        },
      },
      include: { lines: true },
    });
    const order = orderView(updated);
    await options.onTransition?.(tx, order, change);
    return { order, change };
  });
}
