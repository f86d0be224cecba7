import type { Prisma } from '../db.ts';

// Key space of this service's advisory locks (the two-integer form, apart from Prisma's own).
const orderLockSpace = 0x50_41_59; // "PAY"

/**
 * Serializes the saga's handlers of one order until the transaction ends, across instances:
 * a charge (inventory.reserved) and a cancellation (order.cancelled) of the same order never
 * interleave, so either the charge sees the cancellation and does not happen, or the
 * cancellation sees the charge and refunds it.
 */
export async function lockOrder(tx: Prisma.TransactionClient, orderId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${orderLockSpace}::int, hashtext(${orderId}))`;
}
