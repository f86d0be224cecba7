import { describe, expect, it } from 'vitest';
import { maxAmount } from '../../src/domain/money.ts';
import {
  type CatalogProduct,
  duplicateProductIds,
  MixedCurrenciesError,
  priceOrder,
  TotalTooLargeError,
  UnavailableProductsError,
} from '../../src/domain/order-pricing.ts';

const keyboard = '5ef11f4a-56e6-5419-b6bb-ad682945d92f';
const mouse = '8a67cf2a-4e84-5371-9f98-336d88e1cbdc';

function product(id: string, amount: number, overrides: Partial<CatalogProduct> = {}) {
  return {
    id,
    sku: `SKU-${amount}`,
    name: `Product ${amount}`,
    price: { amount, currency: 'EUR' },
    active: true,
    ...overrides,
  };
}

describe('priceOrder', () => {
  it('prices every line at the catalog price and sums the total', () => {
    const catalog = new Map([
      [keyboard, product(keyboard, 8999)],
      [mouse, product(mouse, 3999)],
    ]);
    const priced = priceOrder(
      [
        { productId: keyboard, quantity: 2 },
        { productId: mouse, quantity: 1 },
      ],
      catalog,
    );
    expect(priced.total).toEqual({ amount: 2 * 8999 + 3999, currency: 'EUR' });
    expect(priced.lines).toEqual([
      {
        productId: keyboard,
        sku: 'SKU-8999',
        name: 'Product 8999',
        quantity: 2,
        unitPrice: { amount: 8999, currency: 'EUR' },
      },
      {
        productId: mouse,
        sku: 'SKU-3999',
        name: 'Product 3999',
        quantity: 1,
        unitPrice: { amount: 3999, currency: 'EUR' },
      },
    ]);
  });

  it('names every unknown and inactive product at once', () => {
    const catalog = new Map<string, CatalogProduct | undefined>([
      [keyboard, undefined],
      [mouse, product(mouse, 3999, { active: false })],
    ]);
    const attempt = () =>
      priceOrder(
        [
          { productId: keyboard, quantity: 1 },
          { productId: mouse, quantity: 1 },
        ],
        catalog,
      );
    expect(attempt).toThrow(UnavailableProductsError);
    expect(attempt).toThrow(
      expect.objectContaining({
        products: [
          { productId: keyboard, problem: 'unknown' },
          { productId: mouse, problem: 'inactive' },
        ],
      }),
    );
  });

  it('refuses lines in different currencies', () => {
    const catalog = new Map([
      [keyboard, product(keyboard, 8999)],
      [mouse, product(mouse, 3999, { price: { amount: 3999, currency: 'USD' } })],
    ]);
    expect(() =>
      priceOrder(
        [
          { productId: keyboard, quantity: 1 },
          { productId: mouse, quantity: 1 },
        ],
        catalog,
      ),
    ).toThrow(MixedCurrenciesError);
  });

  it('refuses a total larger than an order can store', () => {
    const catalog = new Map([[keyboard, product(keyboard, Math.ceil(maxAmount / 100) + 1)]]);
    expect(() => priceOrder([{ productId: keyboard, quantity: 100 }], catalog)).toThrow(
      TotalTooLargeError,
    );
  });

  it('accepts a total of exactly the maximum', () => {
    const catalog = new Map([[keyboard, product(keyboard, maxAmount)]]);
    expect(priceOrder([{ productId: keyboard, quantity: 1 }], catalog).total.amount).toBe(
      maxAmount,
    );
  });
});

describe('duplicateProductIds', () => {
  it('finds products on more than one line, whatever their case', () => {
    expect(
      duplicateProductIds([
        { productId: keyboard, quantity: 1 },
        { productId: mouse, quantity: 1 },
        { productId: keyboard.toUpperCase(), quantity: 2 },
      ]),
    ).toEqual([keyboard.toUpperCase()]);
  });

  it('finds none when every product is on one line', () => {
    expect(duplicateProductIds([{ productId: keyboard, quantity: 1 }])).toEqual([]);
  });
});
