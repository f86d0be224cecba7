import nodemailer from 'nodemailer';
import { isRetryableSmtpFailure } from './smtp-errors.ts';
import {
  DeliveryError,
  type DeliveryReceipt,
  type NotificationTransport,
  type OutgoingMessage,
} from './transport.ts';

export interface SmtpTransportOptions {
  /** `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://...` (TLS). */
  url: string;
  /** The From header, e.g. `Shop <orders@shop.example>`. */
  from: string;
  /** Limit for connecting, for the greeting, and for an idle socket, each. */
  timeoutMs: number;
}

/** Sends through an SMTP server with nodemailer, one connection per message. */
export function createSmtpTransport(options: SmtpTransportOptions): NotificationTransport {
  const mailer = nodemailer.createTransport(
    {
      url: options.url,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    },
    { from: options.from },
  );

  return {
    name: 'smtp',
    async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
      try {
        const info = await mailer.sendMail({
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
        });
        return { providerMessageId: info.messageId };
      } catch (error) {
        throw new DeliveryError(`SMTP delivery failed: ${describe(error)}`, {
          retryable: isRetryableSmtpFailure(error),
          cause: error,
        });
      }
    },
    async close() {
      mailer.close();
    },
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code} ${error.message}` : error.message;
}
