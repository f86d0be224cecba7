import Type from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });

/** Where the customer is told about the order; carried so notifying needs no user lookup. */
export const Email = Type.String({ format: 'email', maxLength: 320 });

/** Money is integer minor units (cents) and an ISO 4217 currency code; never a float. */
export const Money = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, description: 'Minor units of the currency, e.g. cents' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR' }),
  },
  { additionalProperties: false },
);

export const OrderLine = Type.Object(
  {
    productId: Uuid,
    quantity: Type.Integer({ minimum: 1 }),
    unitPrice: Money,
  },
  { additionalProperties: false },
);

export const ReservedLine = Type.Object(
  {
    productId: Uuid,
    quantity: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
