import { randomUUID } from 'node:crypto';
import { ConfigError, loadConfig } from '@ecommerce/service-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.ts';
import { sendOrderNotification } from '../src/notifications/send-order-notification.ts';
import { startSmtpTestServer } from './support/smtp-test-server.ts';
import { setUpTestService } from './support/test-service.ts';

const service = await setUpTestService();
const smtp = await startSmtpTestServer();
afterAll(() => smtp.close());

describe('transport chosen by configuration', () => {
  it('records deliveries only (log transport) when SMTP_URL is not set', async () => {
    const app = await service.app();
    expect(app.notificationSender.transport.name).toBe('log');
  });

  it('mails through SMTP_URL with MAIL_FROM when it is set', async () => {
    const app = await service.app({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Shop <orders@shop.example>',
    });
    expect(app.notificationSender.transport.name).toBe('smtp');

    const orderId = randomUUID();
    const { outcome } = await sendOrderNotification(
      app.db,
      {
        kind: 'ORDER_CANCELLED',
        orderId,
        customerId: randomUUID(),
        recipient: 'ada@shop.example',
        reason: 'out_of_stock',
      },
      app.notificationSender,
    );
    expect(outcome).toBe('sent');
    const mail = smtp.received.find((each) => each.email.subject?.includes(orderId));
    expect(mail?.envelopeTo).toEqual(['ada@shop.example']);
    expect(mail?.email.from).toMatchObject({ address: 'orders@shop.example' });
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://', () => {
    expect(() => loadConfig(configSchema, { SMTP_URL: 'http://mail.example' })).toThrow(
      ConfigError,
    );
  });

  it('defaults to port 3006', () => {
    expect(loadConfig(configSchema, {}).PORT).toBe(3006);
  });
});
