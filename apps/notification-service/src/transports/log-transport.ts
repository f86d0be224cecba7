import { randomUUID } from 'node:crypto';
import type { DeliveryReceipt, NotificationTransport, OutgoingMessage } from './transport.ts';

interface InfoLogger {
  info(fields: object, message: string): void;
}

/**
 * The default transport, used when no mail server is configured: the rendered message is kept
 * only in the delivery log (the notifications table), and one log line says so. Nothing leaves
 * the service, so development and demos need no mail server and never mail real people.
 */
export function createLogTransport(logger?: InfoLogger): NotificationTransport {
  return {
    name: 'log',
    async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
      const providerMessageId = `log-${randomUUID()}`;
      logger?.info(
        { to: message.to, subject: message.subject, providerMessageId },
        'notification recorded in the delivery log (log transport, not mailed)',
      );
      return { providerMessageId };
    },
    async close() {},
  };
}
