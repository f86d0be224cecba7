import type { PrismaClient } from '../db.ts';
import type { Notification } from '../generated/prisma/client.ts';

export interface NotificationPage {
  items: Notification[];
  total: number;
}

/** Newest first; `customerId` undefined means every customer's (admins only, see routes). */
export async function listNotifications(
  db: PrismaClient,
  query: { customerId?: string; page: number; pageSize: number },
): Promise<NotificationPage> {
  const where = query.customerId === undefined ? {} : { customerId: query.customerId };
  const [items, total] = await db.$transaction([
    db.notification.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.notification.count({ where }),
  ]);
  return { items, total };
}

export function findNotification(db: PrismaClient, id: string): Promise<Notification | null> {
  return db.notification.findUnique({ where: { id } });
}
