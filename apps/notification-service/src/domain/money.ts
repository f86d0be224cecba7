/** Money as everywhere in the system: integer minor units and an ISO 4217 currency code. */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * Formats money for people, e.g. `{ amount: 123456, currency: 'EUR' }` -> `€1,234.56`.
 * The decimal string is built from the integer, and Intl formats strings exactly, so no
 * binary floating point touches the amount. The number of minor digits is the currency's
 * (2 for EUR, 0 for JPY, 3 for BHD), as Intl knows it.
 */
export function formatMoney(money: Money, locale = 'en-US'): string {
  if (!Number.isSafeInteger(money.amount)) {
    throw new RangeError(`amount must be an integer number of minor units (got ${money.amount})`);
  }
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnitsToDecimal(money.amount, digits));
}

function minorUnitsToDecimal(amount: number, digits: number): `${number}` {
  const sign = amount < 0 ? '-' : '';
  const units = Math.abs(amount)
    .toString()
    .padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${units}` as `${number}`;
  const whole = units.slice(0, -digits);
  const fraction = units.slice(-digits);
  return `${sign}${whole}.${fraction}` as `${number}`;
}
