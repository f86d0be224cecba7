import { availableOf, type StockLevel } from './stock.ts';

/** One line of an order as inventory sees it: which product, how many units. */
export interface OrderLine {
  productId: string;
  quantity: number;
}

/** A line that cannot be reserved, with what is left of its product (0 if unknown). */
export interface UnavailableLine {
  productId: string;
  requested: number;
  available: number;
}

/**
 * One line per product, quantities summed, ordered by product id. An order may name a product
 * twice; stock is checked and locked per product, and always in the same order, so that two
 * orders over the same products cannot wait on each other in a cycle.
 */
export function mergeLines(lines: readonly OrderLine[]): OrderLine[] {
  if (lines.length === 0) throw new RangeError('an order needs at least one line');
  const quantities = new Map<string, number>();
  for (const { productId, quantity } of lines) {
    if (!Number.isInteger(quantity) || quantity <= 0) {
      throw new RangeError(`quantity must be a positive integer, not ${quantity}`);
    }
    const key = productId.toLowerCase();
    quantities.set(key, (quantities.get(key) ?? 0) + quantity);
  }
  return [...quantities]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([productId, quantity]) => ({ productId, quantity }));
}

/**
 * The lines the stock cannot cover. Empty means every line can be reserved; the reservation is
 * all or nothing, so a single unavailable line rejects the order.
 */
export function findUnavailableLines(
  lines: readonly OrderLine[],
  stock: ReadonlyMap<string, StockLevel>,
): UnavailableLine[] {
  const unavailable: UnavailableLine[] = [];
  for (const line of mergeLines(lines)) {
    const level = stock.get(line.productId);
    const available = level ? availableOf(level) : 0;
    if (line.quantity > available) {
      unavailable.push({ productId: line.productId, requested: line.quantity, available });
    }
  }
  return unavailable;
}
