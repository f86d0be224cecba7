import { afterAll, describe, expect, it } from 'vitest';
import { createSmtpTransport } from '../src/transports/smtp-transport.ts';
import { DeliveryError } from '../src/transports/transport.ts';
import { startSmtpTestServer, unusedPort } from './support/smtp-test-server.ts';

const smtp = await startSmtpTestServer();
afterAll(() => smtp.close());

const message = {
  to: 'ada@shop.example',
  subject: 'Your order 42 is confirmed',
  text: 'Hello,\n\nyour order 42 is confirmed. We charged €129.98.',
  html: '<p>Hello,</p>\n<p>your order <strong>42</strong> is confirmed.</p>',
};

describe('SMTP transport (nodemailer against a real SMTP server)', () => {
  it('delivers subject, text and HTML to the recipient, logged in with the URL credentials', async () => {
    const transport = createSmtpTransport({
      url: smtp.url,
      from: 'Shop <orders@shop.example>',
      timeoutMs: 5_000,
    });
    const receipt = await transport.send(message);
    await transport.close();

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.authenticatedUser).toBe('mailer');
    expect(mail?.envelopeFrom).toBe('orders@shop.example');
    expect(mail?.envelopeTo).toEqual(['ada@shop.example']);
    expect(mail?.email.to?.map((address) => 'address' in address && address.address)).toEqual([
      'ada@shop.example',
    ]);
    expect(mail?.email.from).toMatchObject({ name: 'Shop', address: 'orders@shop.example' });
    expect(mail?.email.subject).toBe(message.subject);
    expect(mail?.email.text?.trim()).toBe(message.text);
    expect(mail?.email.html?.trim()).toBe(message.html);
    expect(receipt.providerMessageId).toBe(mail?.email.messageId);
  });

  it('reports a transient SMTP reply as a retryable failure', async () => {
    const transport = createSmtpTransport({
      url: smtp.url,
      from: 'orders@shop.example',
      timeoutMs: 5_000,
    });
    smtp.reject({ responseCode: 451, message: 'Try again later' });
    const failure = await transport.send(message).catch((error: unknown) => error);
    await transport.close();
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ retryable: true });
    expect((failure as Error).message).toContain('Try again later');
  });

  it('reports a permanent SMTP reply as final', async () => {
    const transport = createSmtpTransport({
      url: smtp.url,
      from: 'orders@shop.example',
      timeoutMs: 5_000,
    });
    smtp.reject({ responseCode: 550, message: 'Mailbox unavailable' });
    const failure = await transport.send(message).catch((error: unknown) => error);
    await transport.close();
    expect(failure).toMatchObject({ name: 'DeliveryError', retryable: false });
  });

  it('reports wrong credentials as final', async () => {
    const transport = createSmtpTransport({
      url: `smtp://mailer:wrong@127.0.0.1:${smtp.port}`,
      from: 'orders@shop.example',
      timeoutMs: 5_000,
    });
    const failure = await transport.send(message).catch((error: unknown) => error);
    await transport.close();
    expect(failure).toMatchObject({ name: 'DeliveryError', retryable: false });
  });

  it('reports a server that cannot be reached as a retryable failure', async () => {
    const transport = createSmtpTransport({
      url: `smtp://127.0.0.1:${await unusedPort()}`,
      from: 'orders@shop.example',
      timeoutMs: 5_000,
    });
    const failure = await transport.send(message).catch((error: unknown) => error);
    await transport.close();
    expect(failure).toMatchObject({ name: 'DeliveryError', retryable: true });
    expect((failure as Error).message).toContain('ECONNREFUSED');
  });
});
