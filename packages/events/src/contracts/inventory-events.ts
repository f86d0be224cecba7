import Type from 'typebox';
import { Money, ReservedLine, Uuid } from './common.ts';
import { defineContract } from './define-contract.ts';

export const InventoryReserved = defineContract({
  name: 'inventory.reserved',
  version: 1,
  producer: 'inventory-service',
  description:
    'Every line of the order is reserved. Carries the amount to charge, so payment needs no call back to orders.',
  schema: Type.Object(
    {
      orderId: Uuid,
      reservationId: Uuid,
      customerId: Uuid,
      lines: Type.Array(ReservedLine, { minItems: 1 }),
      total: Money,
    },
    { additionalProperties: false },
  ),
});

export const InventoryRejected = defineContract({
  name: 'inventory.rejected',
  version: 1,
  producer: 'inventory-service',
  description: 'At least one line could not be reserved, so none was (all or nothing).',
  schema: Type.Object(
    {
      orderId: Uuid,
      reason: Type.Literal('out_of_stock'),
      unavailable: Type.Array(
        Type.Object(
          {
            productId: Uuid,
            requested: Type.Integer({ minimum: 1 }),
            available: Type.Integer({ minimum: 0 }),
          },
          { additionalProperties: false },
        ),
        { minItems: 1 },
      ),
    },
    { additionalProperties: false },
  ),
});

export const InventoryReleased = defineContract({
  name: 'inventory.released',
  version: 1,
  producer: 'inventory-service',
  description:
    'Compensation: a reservation was released because payment failed or the order was cancelled.',
  schema: Type.Object(
    {
      orderId: Uuid,
      reservationId: Uuid,
      reason: Type.Union([Type.Literal('payment_failed'), Type.Literal('order_cancelled')]),
    },
    { additionalProperties: false },
  ),
});

export const InventoryCommitted = defineContract({
  name: 'inventory.committed',
  version: 1,
  producer: 'inventory-service',
  description: 'The order was confirmed; its reserved stock left the on-hand quantity.',
  schema: Type.Object(
    {
      orderId: Uuid,
      reservationId: Uuid,
    },
    { additionalProperties: false },
  ),
});
