import { decideAdjustment, decideOnHand, type StockLevel } from '../domain/stock.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/** A transaction client (or the client itself, for single reads). */
export type Db = Prisma.TransactionClient;

interface StockRow {
  product_id: string;
  on_hand: number;
  reserved: number;
}

const toLevel = (row: StockRow): StockLevel => ({
  productId: row.product_id,
  onHand: row.on_hand,
  reserved: row.reserved,
});

export async function findStockLevel(db: Db, productId: string): Promise<StockLevel | null> {
  const item = await db.stockItem.findUnique({ where: { productId } });
  return item && { productId: item.productId, onHand: item.onHand, reserved: item.reserved };
}

/**
 * Locks the stock rows of these products until the transaction ends and returns them. Rows are
 * locked in product id order (the sort happens before the locking step), the one order every
 * writer uses, so concurrent orders over overlapping products queue instead of deadlocking.
 * Unknown products are simply absent.
 */
export async function lockStockRows(
  tx: Db,
  productIds: readonly string[],
): Promise<Map<string, StockLevel>> {
  const rows = await tx.$queryRaw<StockRow[]>`
    SELECT product_id::text AS product_id, on_hand, reserved
    FROM stock_items
    WHERE product_id = ANY(${[...productIds]}::uuid[])
    ORDER BY product_id
    FOR UPDATE`;
  return new Map(rows.map((row) => [row.product_id, toLevel(row)]));
}

export type StockChangeResult =
  | { outcome: 'changed'; stock: StockLevel; created: boolean }
  | { outcome: 'not_found' }
  | {
      outcome: 'rejected';
      reason: 'zero_delta' | 'negative' | 'below_reserved' | 'above_maximum';
      stock: StockLevel;
    };

async function writeOnHand(
  tx: Db,
  current: StockLevel,
  onHand: number,
  movement: { kind: 'SET' | 'ADJUSTMENT'; reason: string | null },
): Promise<StockLevel> {
  const item = await tx.stockItem.update({
    where: { productId: current.productId },
    data: { onHand, version: { increment: 1 } },
  });
  if (onHand !== current.onHand) {
    await tx.stockMovement.create({
      data: {
        productId: current.productId,
        kind: movement.kind,
        deltaOnHand: onHand - current.onHand,
        deltaReserved: 0,
        reason: movement.reason,
      },
    });
  }
  return { productId: item.productId, onHand: item.onHand, reserved: item.reserved };
}

/**
 * Gives a product its first stock, unless it already has some (then nothing changes).
 * True when this call created it.
 */
export async function initializeStock(
  tx: Db,
  productId: string,
  onHand: number,
  reason: string | null = null,
): Promise<boolean> {
  const created = await insertEmptyStock(tx, productId);
  if (created) {
    const result = await setOnHand(tx, productId, onHand, reason);
    if (result.outcome !== 'changed') throw new RangeError(`invalid initial stock ${onHand}`);
  }
  return created;
}

/** Concurrent first writes for one product must not both try to create it. */
async function insertEmptyStock(tx: Db, productId: string): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO stock_items (product_id, on_hand) VALUES (${productId}::uuid, 0)
    ON CONFLICT (product_id) DO NOTHING`;
  return inserted === 1;
}

/**
 * Sets on hand (initial stock, stocktake), creating the product's stock if it has none.
 * Refused when fewer units would remain than orders have reserved.
 */
export async function setOnHand(
  tx: Db,
  productId: string,
  onHand: number,
  reason: string | null = null,
): Promise<StockChangeResult> {
  const created = await insertEmptyStock(tx, productId);
  const current = (await lockStockRows(tx, [productId])).get(productId);
  if (!current) throw new Error(`stock row of ${productId} vanished inside its transaction`);
  const decision = decideOnHand(current, onHand);
  if (!decision.ok) return { outcome: 'rejected', reason: decision.reason, stock: current };
  const stock = await writeOnHand(tx, current, decision.onHand, { kind: 'SET', reason });
  return { outcome: 'changed', stock, created };
}

/** Adds `delta` units to on hand (negative removes), as long as reserved units stay covered. */
export async function adjustOnHand(
  tx: Db,
  productId: string,
  delta: number,
  reason: string,
): Promise<StockChangeResult> {
  const current = (await lockStockRows(tx, [productId])).get(productId);
  if (!current) return { outcome: 'not_found' };
  const decision = decideAdjustment(current, delta);
  if (!decision.ok) return { outcome: 'rejected', reason: decision.reason, stock: current };
  const stock = await writeOnHand(tx, current, decision.onHand, { kind: 'ADJUSTMENT', reason });
  return { outcome: 'changed', stock, created: false };
}
