import { describe, expect, it } from 'vitest';
import { availableOf, decideAdjustment, decideOnHand, maxOnHand } from '../../src/domain/stock.ts';

const stock = { productId: 'p', onHand: 10, reserved: 4 };

describe('availableOf', () => {
  it('is on hand minus reserved', () => {
    expect(availableOf(stock)).toBe(6);
  });
});

describe('decideAdjustment', () => {
  it('accepts additions and removals that keep reserved units covered', () => {
    expect(decideAdjustment(stock, 5)).toEqual({ ok: true, onHand: 15 });
    expect(decideAdjustment(stock, -6)).toEqual({ ok: true, onHand: 4 });
  });

  it('refuses to go below the reserved units', () => {
    expect(decideAdjustment(stock, -7)).toEqual({ ok: false, reason: 'below_reserved' });
  });

  it('refuses to go below zero', () => {
    expect(decideAdjustment({ ...stock, reserved: 0 }, -11)).toEqual({
      ok: false,
      reason: 'negative',
    });
  });

  it('refuses a change of nothing', () => {
    expect(decideAdjustment(stock, 0)).toEqual({ ok: false, reason: 'zero_delta' });
  });

  it('refuses to exceed the maximum', () => {
    expect(decideAdjustment({ ...stock, onHand: maxOnHand }, 1)).toEqual({
      ok: false,
      reason: 'above_maximum',
    });
  });
});

describe('decideOnHand', () => {
  it('accepts any quantity from the reserved units up to the maximum', () => {
    expect(decideOnHand(stock, 4)).toEqual({ ok: true, onHand: 4 });
    expect(decideOnHand(stock, maxOnHand)).toEqual({ ok: true, onHand: maxOnHand });
  });

  it('refuses fewer units than reserved, negative quantities and fractions', () => {
    expect(decideOnHand(stock, 3)).toEqual({ ok: false, reason: 'below_reserved' });
    expect(decideOnHand({ ...stock, reserved: 0 }, -1)).toEqual({ ok: false, reason: 'negative' });
    expect(() => decideOnHand(stock, 1.5)).toThrow(RangeError);
  });
});
