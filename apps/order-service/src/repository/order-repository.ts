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
  type TimelineStepView,
  timelineStepView,
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
  /** Where the customer hears about the order: the token's email at placement. */
  customerEmail: string;
  priced: PricedOrder;
  /** The Idempotency-Key and the fingerprint of the request it came with. */
  idempotency?: { key: string; requestHash: string };
  traceId?: string;
}

export type PlaceOrderResult =
  | { outcome: 'created'; order: OrderView }
  /** The key was used before (perhaps by a request running at the same moment). */
  | { outcome: 'key_used'; stored: StoredResponse };

/** How long a key is remembered, as Stripe does: a key reused after that is a new request. */
export const idempotencyKeyLifetimeMs = 24 * 60 * 60 * 1000;

function keyExpiry(now: Date): Date {
  return new Date(now.getTime() - idempotencyKeyLifetimeMs);
}

/** The first response to a key of this customer, unless the key has expired. */
export async function findStoredResponse(
  db: Database | Tx,
  customerId: string,
  key: string,
  now = new Date(),
): Promise<StoredResponse | undefined> {
  const row = await db.idempotencyKey.findUnique({
    where: { customerId_key: { customerId, key } },
  });
  return row && row.createdAt > keyExpiry(now)
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
  const { customerId, customerEmail, priced, idempotency } = input;
  const orderId = randomUUID();
  try {
    const order = await db.$transaction(async (tx) => {
      const created = await tx.order.create({
        data: {
          id: orderId,
          customerId,
          customerEmail,
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
          timeline: {
            create: { step: OrderCreated.name, status: 'PENDING', traceId: input.traceId ?? null },
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
            customerEmail,
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
        // An expired record of the same key makes way for this request's.
        await tx.idempotencyKey.deleteMany({
          where: { customerId, key: idempotency.key, createdAt: { lte: keyExpiry(new Date()) } },
        });
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
  onTransition?: (tx: Tx, order: SagaOrder, change: Transition) => Promise<void>;
}

/** An order with what its saga events carry besides the view. */
export type SagaOrder = OrderView & { customerEmail: string };

/**
 * Applies a saga or customer event to an order under its row lock: the state machine decides,
 * and the new status and its history entry commit together. Given the root client it opens a
 * transaction; given a transaction (a consumer's, with its inbox row) it works in that one.
 * Throws IllegalTransitionError when the order's status does not accept the event; returns
 * undefined when there is no such order.
 */
export async function applyOrderEvent(
  db: Database | Tx,
  orderId: string,
  event: OrderEventType,
  options: ApplyEventOptions = {},
): Promise<{ order: SagaOrder; change: Transition } | undefined> {
  if (isRootClient(db)) {
    return db.$transaction((tx) => applyOrderEvent(tx, orderId, event, options));
  }
  const tx = db;
  const status = await lockOrderStatus(tx, orderId);
  if (!status) return undefined;
  const change = transition(status, event);
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
  const order = { ...orderView(updated), customerEmail: updated.customerEmail };
  await options.onTransition?.(tx, order, change);
  return { order, change };
}

/**
 * Locks an order's row until the transaction ends and reads its status; undefined when there is
 * no such order. Every change of an order's status takes this lock first.
 */
export async function lockOrderStatus(tx: Tx, orderId: string): Promise<OrderStatus | undefined> {
  const [locked] = await tx.$queryRaw<{ status: OrderStatus }[]>`
    SELECT status::text AS status FROM orders WHERE id = ${orderId}::uuid FOR UPDATE`;
  return locked?.status;
}

// A transaction client has $transaction too (at run time), but never $connect.
export function isRootClient(db: Database | Tx): db is Database {
  return typeof (db as Partial<Database>).$connect === 'function';
}

export interface TimelineStep {
  orderId: string;
  step: string;
  status: OrderStatus;
  reason?: string | null;
  traceId?: string | undefined;
}

/** Adds one step to an order's saga timeline. */
export async function recordStep(db: Database | Tx, step: TimelineStep): Promise<void> {
  await db.orderTimelineStep.create({
    data: {
      orderId: step.orderId,
      step: step.step,
      status: step.status,
      reason: step.reason ?? null,
      traceId: step.traceId ?? null,
    },
  });
}

/** An order's saga timeline, oldest first. */
export async function orderTimeline(db: Database, orderId: string): Promise<TimelineStepView[]> {
  const steps = await db.orderTimelineStep.findMany({ where: { orderId }, orderBy: { id: 'asc' } });
  return steps.map(timelineStepView);
}

/**
 * Locks up to `limit` orders still active `deadlineMs` after they were placed, skipping rows
 * another transaction holds, so several instances sweeping at once share the work.
 */
export async function lockOrdersPastDeadline(
  tx: Tx,
  deadlineMs: number,
  limit: number,
): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM orders
    WHERE status IN ('PENDING', 'STOCK_RESERVED')
      AND created_at < now() - make_interval(secs => ${deadlineMs / 1000}::float8)
    ORDER BY created_at
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`;
  return rows.map((row) => row.id);
}
