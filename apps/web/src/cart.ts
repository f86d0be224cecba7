import type { Money } from './api/types.ts';
import { createStore } from './store.ts';

export interface CartLine {
  productId: string;
  name: string;
  price: Money;
  quantity: number;
}

const key = 'shop.cart';
const maxQuantity = 100;

function load(): CartLine[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(key) ?? '[]') as CartLine[];
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** The cart, kept in localStorage: it outlives a reload and signing in. */
export const cart = createStore<CartLine[]>(load());
cart.subscribe((lines) => localStorage.setItem(key, JSON.stringify(lines)));

export function addToCart(line: Omit<CartLine, 'quantity'>, quantity = 1): void {
  const lines = cart.get();
  const existing = lines.find((item) => item.productId === line.productId);
  cart.set(
    existing
      ? lines.map((item) =>
          item === existing
            ? { ...item, quantity: Math.min(maxQuantity, item.quantity + quantity) }
            : item,
        )
      : [...lines, { ...line, quantity }],
  );
}

export function setQuantity(productId: string, quantity: number): void {
  cart.set(
    cart
      .get()
      .map((item) =>
        item.productId === productId
          ? { ...item, quantity: Math.max(0, Math.min(maxQuantity, quantity)) }
          : item,
      )
      .filter((item) => item.quantity > 0),
  );
}

export const clearCart = () => cart.set([]);

export function cartTotal(lines: CartLine[]): Money | undefined {
  const first = lines[0];
  if (!first) return undefined;
  return {
    currency: first.price.currency,
    amount: lines.reduce((sum, line) => sum + line.price.amount * line.quantity, 0),
  };
}
