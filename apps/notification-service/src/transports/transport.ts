/** A rendered message addressed to one recipient. */
export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface DeliveryReceipt {
  /** The id the provider gave the message (SMTP: the Message-ID), kept in the delivery log. */
  providerMessageId: string;
}

/** How a notification leaves the service. One implementation per provider. */
export interface NotificationTransport {
  /** Shown in logs and the README's configuration table: `log`, `smtp`. */
  readonly name: string;
  send(message: OutgoingMessage): Promise<DeliveryReceipt>;
  close(): Promise<void>;
}

/**
 * A failed delivery, with the transport's verdict on whether the same message could succeed
 * on another attempt (a dropped connection) or never will (a rejected recipient).
 */
export class DeliveryError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
  }
}
