import { describe, expect, it } from 'vitest';
import { type DemoStock, stockChanges } from '../stock-plan.ts';

const stock = (productId: string, onHand: number, reserved: number): DemoStock => ({
  productId,
  onHand,
  reserved,
  available: onHand - reserved,
});

describe('stockChanges', () => {
  it('leaves stock that already fits every outcome alone', () => {
    const current = [stock('kb', 25, 0), stock('lt', 1, 0)];
    expect(
      stockChanges(current, [
        { productId: 'kb', atLeast: 1 },
        { productId: 'lt', below: 5, setTo: 1 },
      ]),
    ).toEqual([]);
  });

  it('restocks a product sold out by earlier orders, on top of what is still reserved', () => {
    expect(stockChanges([stock('kb', 3, 3)], [{ productId: 'kb', atLeast: 1 }])).toEqual([
      { productId: 'kb', onHand: 4 },
    ]);
  });

  it('takes a product restocked by an admin back below the order it must refuse', () => {
    expect(stockChanges([stock('lt', 500, 2)], [{ productId: 'lt', below: 5, setTo: 1 }])).toEqual([
      { productId: 'lt', onHand: 3 },
    ]);
  });

  it('refuses to guess when a product has no stock recorded', () => {
    expect(() => stockChanges([], [{ productId: 'kb', atLeast: 1 }])).toThrow(/kb/);
  });
});
