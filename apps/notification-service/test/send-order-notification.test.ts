import { randomUUID } from 'node:crypto';
import { createEvent, OrderRefunded } from '@ecommerce/events';
import { afterAll, describe, expect, it } from 'vitest';
import { onOrderRefunded } from '../src/events/on-order-refunded.ts';
import {
  type NotificationSender,
  type OrderNotificationRequest,
  sendOrderNotification,
} from '../src/notifications/send-order-notification.ts';
import { createLogTransport } from '../src/transports/log-transport.ts';
import { createSmtpTransport } from '../src/transports/smtp-transport.ts';
import type { NotificationTransport } from '../src/transports/transport.ts';
import { startSmtpTestServer, unusedPort } from './support/smtp-test-server.ts';
import { setUpTestService } from './support/test-service.ts';

const { db } = await setUpTestService();
const smtp = await startSmtpTestServer();
afterAll(() => smtp.close());

function sender(transport: NotificationTransport, maxAttempts = 3): NotificationSender {
  return { transport, maxAttempts, baseDelayMs: 1, maxDelayMs: 10 };
}

const smtpSender = (maxAttempts = 3) =>
  sender(
    createSmtpTransport({ url: smtp.url, from: 'orders@shop.example', timeoutMs: 5_000 }),
    maxAttempts,
  );

function confirmed(overrides: Partial<OrderNotificationRequest> = {}): OrderNotificationRequest {
  return {
    kind: 'ORDER_CONFIRMED',
    orderId: randomUUID(),
    customerId: randomUUID(),
    recipient: 'ada@shop.example',
    total: { amount: 12998, currency: 'EUR' },
    ...overrides,
  } as OrderNotificationRequest;
}

function mailsFor(orderId: string) {
  return smtp.received.filter((mail) => mail.email.subject?.includes(orderId));
}

describe('sendOrderNotification', () => {
  it('records a SENT notification with the log transport', async () => {
    const request = confirmed();
    const { outcome, notification } = await sendOrderNotification(
      db,
      request,
      sender(createLogTransport()),
    );

    expect(outcome).toBe('sent');
    const stored = await db.notification.findUniqueOrThrow({ where: { id: notification.id } });
    expect(stored).toMatchObject({
      orderId: request.orderId,
      customerId: request.customerId,
      kind: 'ORDER_CONFIRMED',
      channel: 'EMAIL',
      recipient: 'ada@shop.example',
      subject: `Your order ${request.orderId} is confirmed`,
      status: 'SENT',
      attempts: 1,
      lastError: null,
    });
    expect(stored.body).toContain('€129.98');
    expect(stored.providerMessageId).toMatch(/^log-/);
    expect(stored.sentAt).toBeInstanceOf(Date);
  });

  it('mails a cancellation through SMTP and keeps the Message-ID', async () => {
    const request: OrderNotificationRequest = {
      kind: 'ORDER_CANCELLED',
      orderId: randomUUID(),
      customerId: randomUUID(),
      recipient: 'alan@shop.example',
      reason: 'payment_declined',
    };
    const { outcome, notification } = await sendOrderNotification(db, request, smtpSender());

    expect(outcome).toBe('sent');
    const [mail] = mailsFor(request.orderId);
    expect(mail?.envelopeTo).toEqual(['alan@shop.example']);
    expect(mail?.email.text).toContain('because the payment was declined');
    expect(notification).toMatchObject({
      status: 'SENT',
      providerMessageId: mail?.email.messageId,
    });
  });

  it('retries a transient failure and records the notification SENT with its attempts', async () => {
    smtp.reject({ responseCode: 451, message: 'Greylisted, try again' });
    const request = confirmed();
    const { outcome, notification } = await sendOrderNotification(db, request, smtpSender());

    expect(outcome).toBe('sent');
    expect(mailsFor(request.orderId)).toHaveLength(1);
    expect(notification).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(notification.lastError).toContain('Greylisted, try again');
  });

  it('marks the notification FAILED with the last error after the bounded retries', async () => {
    const unreachable = sender(
      createSmtpTransport({
        url: `smtp://127.0.0.1:${await unusedPort()}`,
        from: 'orders@shop.example',
        timeoutMs: 5_000,
      }),
      3,
    );
    const request = confirmed();
    const { outcome, notification } = await sendOrderNotification(db, request, unreachable);

    expect(outcome).toBe('failed');
    const stored = await db.notification.findUniqueOrThrow({ where: { id: notification.id } });
    expect(stored).toMatchObject({
      status: 'FAILED',
      attempts: 3,
      providerMessageId: null,
      sentAt: null,
    });
    expect(stored.lastError).toContain('ECONNREFUSED');
  });

  it('does not retry a permanent rejection', async () => {
    smtp.reject({ responseCode: 550, message: 'No such mailbox' });
    const request = confirmed({ recipient: 'nobody@shop.example' });
    const { outcome, notification } = await sendOrderNotification(db, request, smtpSender());

    expect(outcome).toBe('failed');
    expect(notification).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(notification.lastError).toContain('No such mailbox');
    expect(mailsFor(request.orderId)).toHaveLength(0);
  });

  it('sends an order notification of one kind once, however often it is asked for', async () => {
    const request = confirmed();
    const first = await sendOrderNotification(db, request, smtpSender());
    const second = await sendOrderNotification(db, request, smtpSender());

    expect(first.outcome).toBe('sent');
    expect(second).toMatchObject({
      outcome: 'duplicate',
      notification: { id: first.notification.id, status: 'SENT' },
    });
    expect(mailsFor(request.orderId)).toHaveLength(1);
    expect(await db.notification.count({ where: { orderId: request.orderId } })).toBe(1);
  });

  it('keeps the confirmation and the cancellation of one order apart', async () => {
    const orderId = randomUUID();
    const customerId = randomUUID();
    const log = sender(createLogTransport());
    await sendOrderNotification(db, confirmed({ orderId, customerId }), log);
    const cancelled = await sendOrderNotification(
      db,
      {
        kind: 'ORDER_CANCELLED',
        orderId,
        customerId,
        recipient: 'ada@shop.example',
        reason: 'timeout',
      },
      log,
    );
    expect(cancelled.outcome).toBe('sent');
    expect(await db.notification.count({ where: { orderId } })).toBe(2);
  });

  it('delivers once when two handlers ask at the same time, each in its own transaction', async () => {
    const request = confirmed();
    const outcomes = await Promise.all(
      [smtpSender(), smtpSender()].map((each) =>
        db.$transaction((tx) => sendOrderNotification(tx, request, each), { timeout: 20_000 }),
      ),
    );

    expect(outcomes.map((result) => result.outcome).sort()).toEqual(['duplicate', 'sent']);
    expect(mailsFor(request.orderId)).toHaveLength(1);
    expect(await db.notification.count({ where: { orderId: request.orderId } })).toBe(1);
  });

  it('rolls the row back with the handler transaction, so a redelivered event sends again', async () => {
    const request = confirmed();
    const log = sender(createLogTransport());
    const handlerCrash = new Error('handler failed after sending');
    await expect(
      db.$transaction(async (tx) => {
        await sendOrderNotification(tx, request, log);
        throw handlerCrash;
      }),
    ).rejects.toBe(handlerCrash);
    expect(await db.notification.count({ where: { orderId: request.orderId } })).toBe(0);

    const retried = await db.$transaction((tx) => sendOrderNotification(tx, request, log));
    expect(retried.outcome).toBe('sent');
  });
});

describe('order.refunded', () => {
  it('tells the customer the amount is on its way back, once however often it is read', async () => {
    const orderId = randomUUID();
    const event = createEvent(OrderRefunded, {
      source: 'order-service',
      subject: orderId,
      data: {
        orderId,
        customerId: randomUUID(),
        customerEmail: 'ada@shop.example',
        refundId: randomUUID(),
        amount: { amount: 2599, currency: 'EUR' },
        restock: true,
      },
    });
    const handle = onOrderRefunded(sender(createLogTransport()));
    const delivery = { topic: OrderRefunded.topic, partition: 0, offset: '0', attempt: 1 };
    await db.$transaction((tx) => handle(event, tx, delivery));
    await db.$transaction((tx) => handle(event, tx, delivery));
    const stored = await db.notification.findMany({ where: { orderId } });
    expect(stored).toMatchObject([
      {
        kind: 'ORDER_REFUNDED',
        recipient: 'ada@shop.example',
        subject: `Your order ${orderId} was refunded`,
        status: 'SENT',
      },
    ]);
    expect(stored[0]?.body).toContain('€25.99');
  });
});
