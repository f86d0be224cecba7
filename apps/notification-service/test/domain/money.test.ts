import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/domain/money.ts';

describe('formatMoney', () => {
  it.each([
    [{ amount: 123456, currency: 'EUR' }, '€1,234.56'],
    [{ amount: 5, currency: 'USD' }, '$0.05'],
    [{ amount: 0, currency: 'GBP' }, '£0.00'],
    [{ amount: 1500, currency: 'JPY' }, '¥1,500'],
    [{ amount: 12345, currency: 'BHD' }, 'BHD 12.345'],
  ])('formats %o as %s (the currency decides the minor digits)', (money, expected) => {
    expect(formatMoney(money).replace(/\u00a0/g, ' ')).toBe(expected);
  });

  it('formats amounts beyond float precision of a division exactly', () => {
    expect(formatMoney({ amount: 9_007_199_254_740_991, currency: 'EUR' })).toBe(
      '€90,071,992,547,409.91',
    );
  });

  it('uses the locale it is given', () => {
    expect(formatMoney({ amount: 123456, currency: 'EUR' }, 'de-DE')).toBe('1.234,56\u00a0€');
  });

  it('refuses amounts that are not whole minor units', () => {
    expect(() => formatMoney({ amount: 12.5, currency: 'EUR' })).toThrow(RangeError);
  });
});
