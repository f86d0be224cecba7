import { createLogTransport } from './log-transport.ts';
import { createSmtpTransport } from './smtp-transport.ts';
import type { NotificationTransport } from './transport.ts';

export interface TransportSettings {
  SMTP_URL?: string;
  MAIL_FROM: string;
  SMTP_TIMEOUT_MS: number;
}

interface InfoLogger {
  info(fields: object, message: string): void;
}

/** SMTP when a mail server is configured, otherwise the log transport (nothing is mailed). */
export function selectTransport(
  settings: TransportSettings,
  logger?: InfoLogger,
): NotificationTransport {
  if (settings.SMTP_URL) {
    return createSmtpTransport({
      url: settings.SMTP_URL,
      from: settings.MAIL_FROM,
      timeoutMs: settings.SMTP_TIMEOUT_MS,
    });
  }
  return createLogTransport(logger);
}
