export interface OrderLine {
  productId: string;
  quantity: number;
}

/**
 * The lines of the k-th order: two different products, spread over the catalog so that
 * concurrent orders both share products (contended stock rows) and differ.
 */
export function orderLines(k: number, productIds: readonly string[]): OrderLine[] {
  const count = productIds.length;
  const first = k % count;
  let second = (k * 7 + 3) % count;
  if (second === first) second = (first + 1) % count;
  return [
    { productId: productIds[first] as string, quantity: 1 },
    { productId: productIds[second] as string, quantity: 1 + (k % 2) },
  ];
}
