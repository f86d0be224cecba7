import {
  findUnavailableLines,
  mergeLines,
  type OrderLine,
  type UnavailableLine,
} from '../domain/order-lines.ts';
import { decideReturn, decideTransition, type ReservationStatus } from '../domain/reservation.ts';
import { type Db, lockStockRows } from './stock-repository.ts';

/** A reservation as the API and the order saga see it. */
export interface ReservationView {
  id: string;
  orderId: string;
  status: ReservationStatus;
  lines: OrderLine[];
  createdAt: Date;
  updatedAt: Date;
}

export type ReserveResult =
  /** Every line is now held for the order. */
  | { outcome: 'reserved'; reservation: ReservationView }
  /** The order already had a reservation (any status); nothing changed. */
  | { outcome: 'existing'; reservation: ReservationView }
  /** At least one line lacks stock; nothing changed. */
  | { outcome: 'rejected'; unavailable: UnavailableLine[] };

export type TransitionResult =
  | { outcome: 'applied'; reservation: ReservationView }
  /** Already in the requested state: a repeated request, nothing changed. */
  | { outcome: 'already_done'; reservation: ReservationView }
  /** In the other final state (released when committing, or the reverse); nothing changed. */
  | { outcome: 'conflict'; reservation: ReservationView }
  | { outcome: 'not_found' }
  /** Released before it was ever reserved: recorded RELEASED (no lines), so it never will be. */
  | { outcome: 'preempted'; reservation: ReservationView };

export interface ReleaseOptions {
  /** Why, for the ledger (e.g. the saga's `payment_failed`, `order_cancelled`). */
  reason?: string | null;
  /**
   * When the order has no reservation yet, record it as RELEASED with no lines, so that a
   * reservation request arriving later (events of different topics are not ordered) returns
   * that instead of holding stock for a cancelled order. The saga's handlers set this.
   */
  preemptIfMissing?: boolean;
}

// Key space of this service's advisory locks (the two-integer form, apart from Prisma's own).
const orderLockSpace = 0x49_4e_56; // "INV"

/**
 * Serializes everything done to one order's reservation until the transaction ends, including
 * the first reservation, which has no row to lock yet. Hash collisions only make two unrelated
 * orders wait for each other.
 */
async function lockOrder(tx: Db, orderId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${orderLockSpace}::int, hashtext(${orderId}))`;
}

const withLines = { lines: { orderBy: { productId: 'asc' } } } as const;

type ReservationRecord = Omit<ReservationView, 'lines'> & {
  lines: { productId: string; quantity: number }[];
};

function toView(record: ReservationRecord): ReservationView {
  return {
    id: record.id,
    orderId: record.orderId,
    status: record.status,
    lines: record.lines.map(({ productId, quantity }) => ({ productId, quantity })),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export async function findReservation(db: Db, orderId: string): Promise<ReservationView | null> {
  const record = await db.reservation.findUnique({ where: { orderId }, include: withLines });
  return record && toView(record);
}

/**
 * Reserves every line of an order or none, inside the caller's transaction (the saga's handler
 * passes the one its inbox row is written in). Asking again for the same order returns the
 * reservation it already has, whatever lines are asked for the second time.
 */
export async function reserveStock(
  tx: Db,
  orderId: string,
  lines: readonly OrderLine[],
): Promise<ReserveResult> {
  const merged = mergeLines(lines);
  await lockOrder(tx, orderId);
  const existing = await findReservation(tx, orderId);
  if (existing) return { outcome: 'existing', reservation: existing };

  const stock = await lockStockRows(
    tx,
    merged.map((line) => line.productId),
  );
  const unavailable = findUnavailableLines(merged, stock);
  if (unavailable.length > 0) return { outcome: 'rejected', unavailable };

  for (const line of merged) {
    await tx.stockItem.update({
      where: { productId: line.productId },
      data: { reserved: { increment: line.quantity }, version: { increment: 1 } },
    });
  }
  const record = await tx.reservation.create({
    data: { orderId, lines: { create: merged } },
    include: withLines,
  });
  await tx.stockMovement.createMany({
    data: merged.map((line) => ({
      productId: line.productId,
      kind: 'RESERVE' as const,
      deltaOnHand: 0,
      deltaReserved: line.quantity,
      orderId,
    })),
  });
  return { outcome: 'reserved', reservation: toView(record) };
}

async function finishReservation(
  tx: Db,
  orderId: string,
  target: 'RELEASED' | 'COMMITTED',
  { reason = null, preemptIfMissing = false }: ReleaseOptions,
): Promise<TransitionResult> {
  await lockOrder(tx, orderId);
  const reservation = await findReservation(tx, orderId);
  if (!reservation) {
    if (!preemptIfMissing) return { outcome: 'not_found' };
    const record = await tx.reservation.create({
      data: { orderId, status: 'RELEASED' },
      include: withLines,
    });
    return { outcome: 'preempted', reservation: toView(record) };
  }
  const decision = decideTransition(reservation.status, target);
  if (decision !== 'apply') return { outcome: decision, reservation };

  return { outcome: 'applied', reservation: await moveUnits(tx, reservation, target, reason) };
}

/** How a reservation's units move, per unit of each line, when it reaches a final status. */
const unitMoves = {
  // Committed units leave the warehouse.
  COMMITTED: { kind: 'COMMIT', onHand: -1, reserved: -1 },
  // Released ones go back on sale.
  RELEASED: { kind: 'RELEASE', onHand: 0, reserved: -1 },
  // Returned ones, committed before, are on hand again.
  RETURNED: { kind: 'RETURN', onHand: 1, reserved: 0 },
} as const;

/**
 * Moves a reservation's units to `status` in the stock rows (locked first) and the ledger, and
 * gives the reservation that status.
 */
async function moveUnits(
  tx: Db,
  reservation: ReservationView,
  status: keyof typeof unitMoves,
  reason: string | null,
): Promise<ReservationView> {
  const move = unitMoves[status];
  await lockStockRows(
    tx,
    reservation.lines.map((line) => line.productId),
  );
  for (const line of reservation.lines) {
    await tx.stockItem.update({
      where: { productId: line.productId },
      data: {
        onHand: { increment: move.onHand * line.quantity },
        reserved: { increment: move.reserved * line.quantity },
        version: { increment: 1 },
      },
    });
  }
  const record = await tx.reservation.update({
    where: { orderId: reservation.orderId },
    data: { status },
    include: withLines,
  });
  await tx.stockMovement.createMany({
    data: reservation.lines.map((line) => ({
      productId: line.productId,
      kind: move.kind,
      deltaOnHand: move.onHand * line.quantity,
      deltaReserved: move.reserved * line.quantity,
      orderId: reservation.orderId,
      reason,
    })),
  });
  return toView(record);
}

/**
 * Gives a reservation's units back (payment failed, order cancelled). Repeating it, or
 * releasing a committed reservation, changes nothing.
 */
export function releaseReservation(
  tx: Db,
  orderId: string,
  options: ReleaseOptions = {},
): Promise<TransitionResult> {
  return finishReservation(tx, orderId, 'RELEASED', options);
}

/**
 * The order is confirmed: its reserved units leave on hand. Repeating it, or committing a
 * released reservation, changes nothing.
 */
export function commitReservation(
  tx: Db,
  orderId: string,
  reason: string | null = null,
): Promise<TransitionResult> {
  return finishReservation(tx, orderId, 'COMMITTED', { reason });
}

export interface RefundInput {
  refundId: string;
  /** Whether the units came back and go on hand again. */
  restock: boolean;
}

export type ReturnResult =
  /** The units are on hand again; the reservation is RETURNED. */
  | { outcome: 'returned'; reservation: ReservationView }
  /** Not committed yet: the refund is kept and applies if the reservation is committed. */
  | { outcome: 'when_committed' }
  /** No restock, or the units never left or came back already. */
  | { outcome: 'nothing' };

/**
 * Records a refund of the order's payment (once per order) and, when it restocks a committed
 * reservation, puts its units back on hand.
 */
export async function recordRefund(
  tx: Db,
  orderId: string,
  refund: RefundInput,
): Promise<ReturnResult> {
  await lockOrder(tx, orderId);
  await tx.orderRefund.createMany({ data: [{ orderId, ...refund }], skipDuplicates: true });
  return returnIfRefunded(tx, orderId);
}

/**
 * Puts a committed reservation's units back on hand when the order's recorded refund restocks
 * them (a return): on_hand grows, a RETURN row in the ledger, the reservation RETURNED. Called
 * on the refund, and again right after a commit, for a refund read before it.
 */
export async function returnIfRefunded(tx: Db, orderId: string): Promise<ReturnResult> {
  await lockOrder(tx, orderId);
  const refund = await tx.orderRefund.findUnique({ where: { orderId } });
  if (!refund) return { outcome: 'nothing' };
  const reservation = await findReservation(tx, orderId);
  // A refund with no reservation at all: a charge made by hand for an order inventory never saw.
  if (!reservation) return { outcome: 'nothing' };
  const decision = decideReturn(reservation.status, refund.restock);
  if (decision !== 'return') return { outcome: decision };
  return {
    outcome: 'returned',
    reservation: await moveUnits(tx, reservation, 'RETURNED', 'order_refunded'),
  };
}
