import { Type } from 'typebox';
import type { Notification } from '../generated/prisma/client.ts';

const Uuid = Type.String({ format: 'uuid' });

export const NotificationSchema = Type.Object(
  {
    id: Uuid,
    orderId: Uuid,
    customerId: Uuid,
    kind: Type.Union([
      Type.Literal('ORDER_CONFIRMED'),
      Type.Literal('ORDER_CANCELLED'),
      Type.Literal('ORDER_REFUNDED'),
    ]),
    channel: Type.Literal('EMAIL'),
    recipient: Type.String(),
    subject: Type.String(),
    body: Type.String({ description: 'The plain-text body as sent' }),
    status: Type.Union([Type.Literal('PENDING'), Type.Literal('SENT'), Type.Literal('FAILED')]),
    attempts: Type.Integer({ description: 'Transport calls made, retries included' }),
    lastError: Type.Union([Type.String(), Type.Null()]),
    providerMessageId: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false },
);

export const NotificationIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

const maxPageSize = 100;
/** The last page whose offset, (page - 1) * pageSize, still fits a Postgres integer. */
const maxPage = Math.floor(2_147_483_647 / maxPageSize);

export const ListNotificationsQuery = Type.Object(
  {
    customerId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: "Admins: one customer's notifications (default: everyone's)",
      }),
    ),
    page: Type.Integer({ minimum: 1, maximum: maxPage, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: maxPageSize, default: 20 }),
  },
  { additionalProperties: false },
);

export const NotificationPageSchema = Type.Object({
  items: Type.Array(NotificationSchema),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer(),
});

/** The API shape of a delivery log row (dates as ISO 8601 strings). */
export function toNotificationResponse(notification: Notification) {
  return {
    id: notification.id,
    orderId: notification.orderId,
    customerId: notification.customerId,
    kind: notification.kind,
    channel: notification.channel,
    recipient: notification.recipient,
    subject: notification.subject,
    body: notification.body,
    status: notification.status,
    attempts: notification.attempts,
    lastError: notification.lastError,
    providerMessageId: notification.providerMessageId,
    createdAt: notification.createdAt.toISOString(),
    sentAt: notification.sentAt?.toISOString() ?? null,
  };
}
