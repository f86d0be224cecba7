/** Money as the API and every service of this system carry it: integer minor units. */
export interface Money {
  amount: number;
  currency: string;
}

/** A product as the API shows it (and as the cache stores it). */
export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price: Money;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The columns a product row has, whatever client read it. */
export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  priceAmount: number;
  priceCurrency: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    category: row.category,
    price: { amount: row.priceAmount, currency: row.priceCurrency },
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface ProductInput {
  sku: string;
  name: string;
  description?: string;
  category: string;
  price: Money;
  active?: boolean;
}

export type ProductChanges = Partial<ProductInput>;

/** Row values for a create or an update: only what the caller sent. */
export function toRowValues(input: ProductChanges) {
  return {
    ...(input.sku === undefined ? {} : { sku: input.sku }),
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.category === undefined ? {} : { category: input.category }),
    ...(input.price === undefined
      ? {}
      : { priceAmount: input.price.amount, priceCurrency: input.price.currency }),
    ...(input.active === undefined ? {} : { active: input.active }),
  };
}
