import type { CancellationReason } from './cancellation-reason.ts';
import { formatMoney, type Money } from './money.ts';

export interface OrderConfirmedData {
  kind: 'ORDER_CONFIRMED';
  orderId: string;
  total: Money;
}

export interface OrderCancelledData {
  kind: 'ORDER_CANCELLED';
  orderId: string;
  reason: CancellationReason;
}

export interface OrderRefundedData {
  kind: 'ORDER_REFUNDED';
  orderId: string;
  amount: Money;
}

export type OrderNotificationData = OrderConfirmedData | OrderCancelledData | OrderRefundedData;

/** A message ready for any transport: a subject, a text body and, optionally, HTML. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html?: string;
}

const reasonsInWords: Record<CancellationReason, string> = {
  out_of_stock: 'some of the items are out of stock',
  payment_declined: 'the payment was declined',
  timeout: 'the order could not be completed in time',
  customer_cancelled: 'you asked us to cancel it',
};

/** Why an order was cancelled, as a customer would say it. */
export function cancellationReasonInWords(reason: CancellationReason): string {
  return reasonsInWords[reason];
}

/** Renders the message for an order notification; pure, so every template is unit tested. */
export function renderOrderNotification(data: OrderNotificationData): RenderedMessage {
  switch (data.kind) {
    case 'ORDER_CONFIRMED':
      return renderConfirmed(data);
    case 'ORDER_CANCELLED':
      return renderCancelled(data);
    case 'ORDER_REFUNDED':
      return renderRefunded(data);
  }
}

function renderConfirmed({ orderId, total }: OrderConfirmedData): RenderedMessage {
  const amount = formatMoney(total);
  const lines = [
    'Hello,',
    '',
    `your order ${orderId} is confirmed. We charged ${amount} and are preparing it for shipping.`,
    '',
    'Thank you for shopping with us.',
  ];
  return {
    subject: `Your order ${orderId} is confirmed`,
    text: lines.join('\n'),
    html: paragraphs([
      'Hello,',
      `your order <strong>${escapeHtml(orderId)}</strong> is confirmed. We charged <strong>${escapeHtml(amount)}</strong> and are preparing it for shipping.`,
      'Thank you for shopping with us.',
    ]),
  };
}

function renderCancelled({ orderId, reason }: OrderCancelledData): RenderedMessage {
  const why = cancellationReasonInWords(reason);
  const lines = [
    'Hello,',
    '',
    `your order ${orderId} was cancelled because ${why}.`,
    'If you were charged for it, the amount will be refunded.',
    '',
    'We are sorry for the inconvenience.',
  ];
  return {
    subject: `Your order ${orderId} was cancelled`,
    text: lines.join('\n'),
    html: paragraphs([
      'Hello,',
      `your order <strong>${escapeHtml(orderId)}</strong> was cancelled because ${escapeHtml(why)}. If you were charged for it, the amount will be refunded.`,
      'We are sorry for the inconvenience.',
    ]),
  };
}

function renderRefunded({ orderId, amount }: OrderRefundedData): RenderedMessage {
  const refunded = formatMoney(amount);
  const lines = [
    'Hello,',
    '',
    `your order ${orderId} was refunded: ${refunded} is on its way back to you.`,
    '',
    'Thank you for shopping with us.',
  ];
  return {
    subject: `Your order ${orderId} was refunded`,
    text: lines.join('\n'),
    html: paragraphs([
      'Hello,',
      `your order <strong>${escapeHtml(orderId)}</strong> was refunded: <strong>${escapeHtml(refunded)}</strong> is on its way back to you.`,
      'Thank you for shopping with us.',
    ]),
  };
}

function paragraphs(htmlParagraphs: string[]): string {
  return htmlParagraphs.map((paragraph) => `<p>${paragraph}</p>`).join('\n');
}

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Values are escaped even when they come from validated events: templates must not trust. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => htmlEntities[character] ?? character);
}
