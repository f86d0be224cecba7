import { describe, expect, it } from 'vitest';
import {
  cancellationReasonInWords,
  escapeHtml,
  renderOrderNotification,
} from '../../src/domain/templates.ts';

const orderId = '6f1c0c1e-2d5b-4c1e-9a0e-0b8f3a1d2c4e';

describe('order confirmed template', () => {
  const message = renderOrderNotification({
    kind: 'ORDER_CONFIRMED',
    orderId,
    total: { amount: 12998, currency: 'EUR' },
  });

  it('names the order in the subject', () => {
    expect(message.subject).toBe(`Your order ${orderId} is confirmed`);
  });

  it('states the total formatted from minor units in the text and HTML bodies', () => {
    expect(message.text).toContain(`your order ${orderId} is confirmed`);
    expect(message.text).toContain('€129.98');
    expect(message.html).toContain(`<strong>${orderId}</strong>`);
    expect(message.html).toContain('<strong>€129.98</strong>');
  });
});

describe('order cancelled template', () => {
  it.each([
    ['out_of_stock', 'some of the items are out of stock'],
    ['payment_declined', 'the payment was declined'],
    ['timeout', 'the order could not be completed in time'],
    ['customer_cancelled', 'you asked us to cancel it'],
  ] as const)('gives the reason %s in words', (reason, words) => {
    expect(cancellationReasonInWords(reason)).toBe(words);
    const message = renderOrderNotification({ kind: 'ORDER_CANCELLED', orderId, reason });
    expect(message.subject).toBe(`Your order ${orderId} was cancelled`);
    expect(message.text).toContain(`your order ${orderId} was cancelled because ${words}.`);
    expect(message.text).not.toContain(reason);
    expect(message.html).toContain(`because ${words}.`);
  });
});

describe('escapeHtml', () => {
  it('escapes markup characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});

describe('order refunded template', () => {
  const message = renderOrderNotification({
    kind: 'ORDER_REFUNDED',
    orderId,
    amount: { amount: 2599, currency: 'EUR' },
  });

  it('names the order and the amount on its way back', () => {
    expect(message.subject).toBe(`Your order ${orderId} was refunded`);
    expect(message.text).toContain(`your order ${orderId} was refunded: €25.99 is on its way back`);
    expect(message.html).toContain('<strong>€25.99</strong>');
  });
});
