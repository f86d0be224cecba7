/** What the warehouse holds of one product, and how much of it orders are holding. */
export interface StockLevel {
  productId: string;
  onHand: number;
  reserved: number;
}

/**
 * The largest on-hand quantity accepted. Far below Postgres' INTEGER limit, so no sum of an
 * accepted quantity and an accepted change can overflow the column.
 */
export const maxOnHand = 1_000_000_000;

/** Units that can still be reserved. */
export function availableOf(stock: StockLevel): number {
  return stock.onHand - stock.reserved;
}

export type StockChangeDecision =
  | { ok: true; onHand: number }
  | { ok: false; reason: 'zero_delta' | 'negative' | 'below_reserved' | 'above_maximum' };

/**
 * Whether an admin may change on hand by `delta`: the result must stay a whole quantity at or
 * above what orders have reserved (reserved units are promised to customers) and within range.
 */
export function decideAdjustment(stock: StockLevel, delta: number): StockChangeDecision {
  if (delta === 0) return { ok: false, reason: 'zero_delta' };
  return decideOnHand(stock, stock.onHand + delta);
}

/** Whether an admin may set on hand to `onHand` (a stocktake or the initial stock). */
export function decideOnHand(stock: StockLevel, onHand: number): StockChangeDecision {
  if (!Number.isInteger(onHand)) throw new RangeError(`on hand must be an integer, not ${onHand}`);
  if (onHand < 0) return { ok: false, reason: 'negative' };
  if (onHand < stock.reserved) return { ok: false, reason: 'below_reserved' };
  if (onHand > maxOnHand) return { ok: false, reason: 'above_maximum' };
  return { ok: true, onHand };
}
