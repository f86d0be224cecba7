import { retry } from '@ecommerce/resilience';
import type { Prisma } from '../db.ts';
import type { OrderNotificationData } from '../domain/templates.ts';
import { renderOrderNotification } from '../domain/templates.ts';
import type { Notification } from '../generated/prisma/client.ts';
import { DeliveryError, type NotificationTransport } from '../transports/transport.ts';

/**
 * What the order.confirmed / order.cancelled / order.refunded handlers pass: the event's data plus the address
 * to write to. Events carry only the customer id, so the caller provides `recipient`.
 */
export type OrderNotificationRequest = OrderNotificationData & {
  customerId: string;
  recipient: string;
};

export interface NotificationSender {
  transport: NotificationTransport;
  /** Transport calls per notification, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  logger?: { warn(fields: object, message: string): void };
}

export interface SendOutcome {
  /** `duplicate`: this order already had this kind of notification; nothing was sent. */
  outcome: 'sent' | 'failed' | 'duplicate';
  notification: Notification;
}

const maxErrorLength = 2_000;

/**
 * Sends an order's confirmation or cancellation once. The row (order_id, kind) is inserted as
 * PENDING first; only the call whose insert created it calls the transport, a concurrent
 * caller waits on the unique index and then finds the row, so the customer gets one message.
 * The transport is retried (bounded, full-jitter back-off) while its failure is transient;
 * the row ends SENT with the provider's message id, or FAILED with the last error.
 *
 * `db` is the event handler's transaction (with its inbox row): a crash before commit rolls
 * the row back and the redelivered event sends again. With the root client each statement
 * commits alone, and the PENDING row is visible while the transport runs.
 */
export async function sendOrderNotification(
  db: Prisma.TransactionClient,
  request: OrderNotificationRequest,
  sender: NotificationSender,
): Promise<SendOutcome> {
  const message = renderOrderNotification(request);
  const [created] = await db.notification.createManyAndReturn({
    data: [
      {
        orderId: request.orderId,
        customerId: request.customerId,
        kind: request.kind,
        channel: 'EMAIL',
        recipient: request.recipient,
        subject: message.subject,
        body: message.text,
        status: 'PENDING',
      },
    ],
    skipDuplicates: true,
  });
  if (!created) {
    const existing = await db.notification.findUniqueOrThrow({
      where: { orderId_kind: { orderId: request.orderId, kind: request.kind } },
    });
    return { outcome: 'duplicate', notification: existing };
  }

  let attempts = 0;
  let lastError: string | null = null;
  const policy = retry({
    maxAttempts: sender.maxAttempts,
    baseDelayMs: sender.baseDelayMs,
    maxDelayMs: sender.maxDelayMs,
    // A transport says which of its failures are worth another attempt; anything else it
    // throws is treated as transient, and the attempts stay bounded either way.
    isRetryable: (error) => !(error instanceof DeliveryError) || error.retryable,
  });
  try {
    const receipt = await policy.execute(async () => {
      attempts++;
      try {
        return await sender.transport.send({ to: request.recipient, ...message });
      } catch (error) {
        lastError = errorText(error);
        throw error;
      }
    });
    const notification = await db.notification.update({
      where: { id: created.id },
      data: {
        status: 'SENT',
        attempts,
        lastError,
        providerMessageId: receipt.providerMessageId,
        sentAt: new Date(),
      },
    });
    return { outcome: 'sent', notification };
  } catch {
    sender.logger?.warn(
      { notificationId: created.id, orderId: request.orderId, kind: request.kind, attempts },
      `notification failed: ${lastError}`,
    );
    const notification = await db.notification.update({
      where: { id: created.id },
      data: { status: 'FAILED', attempts, lastError },
    });
    return { outcome: 'failed', notification };
  }
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > maxErrorLength ? `${text.slice(0, maxErrorLength)}…` : text;
}
