import type { Customer, OrderLine, Shop } from './shop.ts';

/**
 * Customers and products for a batch of orders with every outcome: most confirm (plenty of
 * stock), some are cancelled out of stock (two scarce products), some declined (the first
 * customer's card is refused by payment-service).
 */
export interface Workload {
  customers: Customer[];
  /** Whose payments payment-service declines (PAYMENT_CUSTOMER_TOKENS). */
  decliningCustomer: Customer;
  plentiful: string[];
  scarce: string[];
  /** The customer and lines of the n-th order. */
  order(index: number): { customer: Customer; lines: OrderLine[] };
}

export async function createWorkload(shop: Shop): Promise<Workload> {
  const customers = await Promise.all(Array.from({ length: 8 }, () => shop.newCustomer()));
  const plentiful = await Promise.all(Array.from({ length: 6 }, () => shop.newProduct(500)));
  const scarce = await Promise.all(Array.from({ length: 2 }, () => shop.newProduct(4)));
  const [decliningCustomer] = customers;
  if (!decliningCustomer) throw new Error('no customers');
  return {
    customers,
    decliningCustomer,
    plentiful,
    scarce,
    order(index) {
      const customer = customers[index % customers.length] as Customer;
      const lines: OrderLine[] = [
        { productId: plentiful[index % plentiful.length] as string, quantity: 1 + (index % 3) },
      ];
      // Every fifth order also wants a scarce product: the first few get it, the rest cannot.
      if (index % 5 === 0) {
        lines.push({ productId: scarce[(index / 5) % scarce.length] as string, quantity: 1 });
      }
      return { customer, lines };
    },
  };
}

/** payment-service's setting that makes it decline this customer's payments. */
export const declining = (customer: Customer) => ({
  PAYMENT_CUSTOMER_TOKENS: `${customer.id}=tok_chargeDeclined`,
});
