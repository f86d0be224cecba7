/** A product's stock as the inventory API shows it. */
export interface DemoStock {
  productId: string;
  onHand: number;
  reserved: number;
  available: number;
}

/** The available units an outcome needs: at least some (to be ordered), or fewer than some. */
export type StockNeed =
  | { productId: string; atLeast: number }
  | { productId: string; below: number; setTo: number };

/**
 * The on-hand changes that give each product the available units its outcome needs, and
 * nothing more: stock that already fits stays as it is. Units reserved by orders still in
 * flight stay reserved (on hand may not go below them), so targets count on top of them.
 */
export function stockChanges(
  current: DemoStock[],
  needs: StockNeed[],
): { productId: string; onHand: number }[] {
  return needs.flatMap((need) => {
    const stock = current.find((s) => s.productId === need.productId);
    if (!stock) throw new Error(`no stock recorded for product ${need.productId}`);
    if ('atLeast' in need) {
      return stock.available >= need.atLeast
        ? []
        : [{ productId: need.productId, onHand: stock.reserved + need.atLeast }];
    }
    return stock.available < need.below
      ? []
      : [{ productId: need.productId, onHand: stock.reserved + need.setTo }];
  });
}
