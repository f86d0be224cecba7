import { forbidden, isOwnerOrAdmin, notFound, type ServiceApp } from '@ecommerce/service-kit';
import type { PrismaClient } from '../db.ts';
import { findNotification, listNotifications } from '../notifications/notification-queries.ts';
import {
  ListNotificationsQuery,
  NotificationIdParams,
  NotificationPageSchema,
  NotificationSchema,
  toNotificationResponse,
} from './notification-schemas.ts';

/** The delivery log, read-only: customers see their own notifications, admins everyone's. */
export async function notificationRoutes(app: ServiceApp, options: { db: PrismaClient }) {
  const { db } = options;

  app.get(
    '/notifications',
    {
      onRequest: [app.authenticate],
      schema: {
        summary: 'Notifications sent to the caller, newest first (admins: anyone, by customerId)',
        tags: ['notifications'],
        querystring: ListNotificationsQuery,
        response: {
          200: NotificationPageSchema,
        },
      },
    },
    async (request) => {
      const identity = request.identity;
      if (!identity) throw new Error('authenticate did not set an identity');
      const { page, pageSize, customerId } = request.query;
      const isAdmin = identity.roles.includes('admin');
      if (!isAdmin && customerId !== undefined && customerId !== identity.userId) {
        throw forbidden('Forbidden', {
          detail: "Only admins may read other customers' notifications",
        });
      }
      const scope = isAdmin ? customerId : identity.userId;
      const result = await listNotifications(db, {
        page,
        pageSize,
        ...(scope === undefined ? {} : { customerId: scope }),
      });
      return {
        items: result.items.map(toNotificationResponse),
        page,
        pageSize,
        total: result.total,
      };
    },
  );

  app.get(
    '/notifications/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        summary: 'One notification, for its customer or an admin',
        tags: ['notifications'],
        params: NotificationIdParams,
        response: {
          200: NotificationSchema,
        },
      },
    },
    async (request) => {
      const notification = await findNotification(db, request.params.id);
      // Someone else's notification is "not found", so ids cannot be probed.
      if (!notification || !isOwnerOrAdmin(request.identity, notification.customerId)) {
        throw notFound('Notification not found', {
          detail: `No notification ${request.params.id}`,
        });
      }
      return toNotificationResponse(notification);
    },
  );
}
