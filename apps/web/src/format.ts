import type { Money } from './api/types.ts';

const formats = new Map<string, Intl.NumberFormat>();

/** Integer minor units shown in the currency's own number of decimals. */
export function formatMoney({ amount, currency }: Money): string {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en', { style: 'currency', currency });
    formats.set(currency, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

/** A price typed by a person (12.5, 12,50) in minor units; undefined when it is not one. */
export function parseMoneyInput(text: string, currency: string): number | undefined {
  const normalized = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,3})?$/.test(normalized)) return undefined;
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return Math.round(Number(normalized) * 10 ** digits);
}

export const formatTime = (iso: string) =>
  new Date(iso).toLocaleTimeString('en-GB', { hour12: false });

export const formatDateTime = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
