/** Integer minor units (cents) and an ISO 4217 code; never a float. */
export interface Money {
  amount: number;
  currency: string;
}

/** The largest amount an order stores (a Postgres integer column). */
export const maxAmount = 2_147_483_647;
