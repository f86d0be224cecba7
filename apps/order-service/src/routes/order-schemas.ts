import { Type } from 'typebox';
import { cancellationReasons, orderStatuses } from '../domain/order-state-machine.ts';

export const Uuid = Type.String({ format: 'uuid' });

export const Money = Type.Object(
  {
    amount: Type.Integer({
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Minor units of the currency, e.g. cents',
    }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR' }),
  },
  { additionalProperties: false },
);

export const OrderStatus = Type.Enum(orderStatuses);
export const CancellationReason = Type.Enum(cancellationReasons);

export const maxLines = 50;
export const maxQuantity = 100;

export const PlaceOrderBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object(
        {
          productId: Uuid,
          quantity: Type.Integer({ minimum: 1, maximum: maxQuantity }),
        },
        { additionalProperties: false },
      ),
      {
        minItems: 1,
        maxItems: maxLines,
        description: 'One line per product; the prices are the catalog’s at the time of ordering',
      },
    ),
  },
  { additionalProperties: false },
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description:
        'Repeating a request with the same key returns the first response; reusing it with another body is refused',
    }),
  ),
});

export const OrderLine = Type.Object({
  productId: Uuid,
  sku: Type.String(),
  name: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Money,
});

export const Order = Type.Object({
  id: Uuid,
  customerId: Uuid,
  status: OrderStatus,
  cancellationReason: Type.Union([CancellationReason, Type.Null()]),
  lines: Type.Array(OrderLine),
  total: Money,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const OrderParams = Type.Object({ id: Uuid });

const maxPageSize = 100;
/** The last page whose offset, (page - 1) * pageSize, still fits a Postgres integer. */
const maxPage = Math.floor(2_147_483_647 / maxPageSize);

export const ListOrdersQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 1, maximum: maxPage, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: maxPageSize, default: 20 }),
    customerId: Type.Optional(Type.String({ format: 'uuid', description: 'Admins only' })),
  },
  { additionalProperties: false },
);

export const OrderPage = Type.Object({
  items: Type.Array(Order),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer({ description: 'Orders matching, over all pages' }),
});

export const StatusChange = Type.Object({
  fromStatus: Type.Union([OrderStatus, Type.Null()]),
  toStatus: OrderStatus,
  reason: Type.String(),
  at: Type.String({ format: 'date-time' }),
  traceId: Type.Union([Type.String(), Type.Null()]),
});

export const OrderHistory = Type.Object({
  orderId: Uuid,
  entries: Type.Array(StatusChange),
});

export const TimelineStep = Type.Object({
  at: Type.String({ format: 'date-time' }),
  step: Type.String({
    description:
      'An event order-service consumed or produced (order.created, inventory.reserved, payment.succeeded, order.confirmed, order.cancelled, ...) or a change of its own (customer_cancelled, deadline_passed)',
  }),
  status: OrderStatus,
  reason: Type.Optional(Type.String()),
  traceId: Type.Optional(Type.String({ description: 'W3C trace id of the step, when traced' })),
});

export const OrderTimeline = Type.Object({
  orderId: Uuid,
  status: OrderStatus,
  steps: Type.Array(TimelineStep),
});
