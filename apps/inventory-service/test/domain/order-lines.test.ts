import { describe, expect, it } from 'vitest';
import { findUnavailableLines, mergeLines } from '../../src/domain/order-lines.ts';

const a = '00000000-0000-4000-8000-00000000000a';
const b = '00000000-0000-4000-8000-00000000000b';
const c = '00000000-0000-4000-8000-00000000000c';

const stock = new Map([
  [a, { productId: a, onHand: 10, reserved: 8 }],
  [b, { productId: b, onHand: 5, reserved: 0 }],
]);

describe('mergeLines', () => {
  it('sums repeated products and orders lines by product id', () => {
    expect(
      mergeLines([
        { productId: c, quantity: 1 },
        { productId: a, quantity: 2 },
        { productId: c.toUpperCase(), quantity: 3 },
      ]),
    ).toEqual([
      { productId: a, quantity: 2 },
      { productId: c, quantity: 4 },
    ]);
  });

  it('refuses empty orders and quantities that are not positive integers', () => {
    expect(() => mergeLines([])).toThrow(RangeError);
    expect(() => mergeLines([{ productId: a, quantity: 0 }])).toThrow(RangeError);
    expect(() => mergeLines([{ productId: a, quantity: 1.5 }])).toThrow(RangeError);
  });
});

describe('findUnavailableLines', () => {
  it('finds nothing when every line is covered, up to the last available unit', () => {
    expect(
      findUnavailableLines(
        [
          { productId: a, quantity: 2 },
          { productId: b, quantity: 5 },
        ],
        stock,
      ),
    ).toEqual([]);
  });

  it('lists every line that lacks stock, with what is available', () => {
    expect(
      findUnavailableLines(
        [
          { productId: a, quantity: 3 },
          { productId: b, quantity: 1 },
          { productId: c, quantity: 1 },
        ],
        stock,
      ),
    ).toEqual([
      { productId: a, requested: 3, available: 2 },
      { productId: c, requested: 1, available: 0 },
    ]);
  });

  it('judges repeated products by their total', () => {
    expect(
      findUnavailableLines(
        [
          { productId: b, quantity: 3 },
          { productId: b, quantity: 3 },
        ],
        stock,
      ),
    ).toEqual([{ productId: b, requested: 6, available: 5 }]);
  });
});
