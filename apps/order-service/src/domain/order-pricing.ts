import { type Money, maxAmount } from './money.ts';

export interface RequestedLine {
  productId: string;
  quantity: number;
}

/** What the catalog says about a product now. */
export interface CatalogProduct {
  id: string;
  sku: string;
  name: string;
  price: Money;
  active: boolean;
}

export interface PricedLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

export interface PricedOrder {
  lines: PricedLine[];
  total: Money;
}

export type UnavailableProduct = { productId: string; problem: 'unknown' | 'inactive' };

/** Some products cannot be ordered: the catalog does not know them, or no longer sells them. */
export class UnavailableProductsError extends Error {
  override readonly name = 'UnavailableProductsError';
  readonly products: UnavailableProduct[];

  constructor(products: UnavailableProduct[]) {
    super(`Not available: ${products.map((p) => `${p.productId} (${p.problem})`).join(', ')}`);
    this.products = products;
  }
}

/** One order is paid in one currency, so its lines must share it. */
export class MixedCurrenciesError extends Error {
  override readonly name = 'MixedCurrenciesError';
  readonly currencies: string[];

  constructor(currencies: string[]) {
    super(`The products are priced in different currencies: ${currencies.join(', ')}`);
    this.currencies = currencies;
  }
}

export class TotalTooLargeError extends Error {
  override readonly name = 'TotalTooLargeError';

  constructor() {
    super(`The order total exceeds ${maxAmount} minor units`);
  }
}

/** Product ids that appear on more than one line (each product is one line, with a quantity). */
export function duplicateProductIds(lines: readonly RequestedLine[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { productId } of lines) {
    const id = productId.toLowerCase();
    if (seen.has(id)) duplicates.add(productId);
    seen.add(id);
  }
  return [...duplicates];
}

/**
 * Prices the requested lines at the catalog's current prices. `catalog` maps every requested
 * product id to what the catalog returned, or undefined when it does not know the product.
 */
export function priceOrder(
  requested: readonly RequestedLine[],
  catalog: ReadonlyMap<string, CatalogProduct | undefined>,
): PricedOrder {
  const unavailable: UnavailableProduct[] = [];
  const lines: PricedLine[] = [];
  for (const line of requested) {
    const product = catalog.get(line.productId);
    if (!product) unavailable.push({ productId: line.productId, problem: 'unknown' });
    else if (!product.active) unavailable.push({ productId: line.productId, problem: 'inactive' });
    else {
      lines.push({
        productId: line.productId,
        sku: product.sku,
        name: product.name,
        quantity: line.quantity,
        unitPrice: { amount: product.price.amount, currency: product.price.currency },
      });
    }
  }
  if (unavailable.length > 0) throw new UnavailableProductsError(unavailable);

  const currencies = [...new Set(lines.map((line) => line.unitPrice.currency))];
  const [currency] = currencies;
  if (currency === undefined) throw new RangeError('An order needs at least one line');
  if (currencies.length > 1) throw new MixedCurrenciesError(currencies);

  let amount = 0;
  for (const line of lines) {
    amount += line.unitPrice.amount * line.quantity;
    if (amount > maxAmount) throw new TotalTooLargeError();
  }
  return { lines, total: { amount, currency } };
}
