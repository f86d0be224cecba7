import { randomUUID } from 'node:crypto';
import type { SagaEventType } from '../src/index.ts';

const orderId = '0b9f5c2e-4d0a-4f59-9d8e-2f7f6b0c1a11';
const customerId = '5a1d3c7e-8b2f-4e6a-9c0d-1e2f3a4b5c6d';
const customerEmail = 'ada@example.com';
const productId = 'c3f1e2d4-5b6a-4978-8a9b-0c1d2e3f4a5b';
const reservationId = '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918';
const paymentId = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A valid `data` for every saga event, and one its schema must reject. */
export const samples: Record<SagaEventType, { valid: unknown; invalid: unknown }> = {
  'order.created.v1': {
    valid: {
      orderId,
      customerId,
      customerEmail,
      lines: [{ productId, quantity: 2, unitPrice: eur(1250) }],
      total: eur(2500),
    },
    // Money as a float is exactly what the contracts forbid.
    invalid: {
      orderId,
      customerId,
      customerEmail,
      lines: [{ productId, quantity: 2, unitPrice: { amount: 12.5, currency: 'EUR' } }],
      total: eur(2500),
    },
  },
  'inventory.reserved.v1': {
    valid: {
      orderId,
      reservationId,
      customerId,
      lines: [{ productId, quantity: 2 }],
      total: eur(2500),
    },
    invalid: { orderId, reservationId, customerId, lines: [], total: eur(2500) },
  },
  'inventory.rejected.v1': {
    valid: {
      orderId,
      reason: 'out_of_stock',
      unavailable: [{ productId, requested: 3, available: 1 }],
    },
    invalid: { orderId, reason: 'warehouse_on_fire', unavailable: [] },
  },
  'payment.succeeded.v1': {
    valid: { orderId, paymentId, amount: eur(2500), providerReference: 'sim_42' },
    invalid: { orderId, paymentId, amount: { amount: 2500, currency: 'euro' } },
  },
  'payment.failed.v1': {
    valid: { orderId, paymentId, amount: eur(2500), reason: 'declined' },
    invalid: { orderId: 'not-a-uuid', paymentId, amount: eur(2500), reason: 'declined' },
  },
  'order.confirmed.v1': {
    valid: { orderId, customerId, customerEmail, paymentId, total: eur(2500) },
    invalid: { orderId, customerId, customerEmail, paymentId, total: eur(-1) },
  },
  'order.cancelled.v1': {
    valid: { orderId, customerId, customerEmail, reason: 'payment_declined' },
    invalid: { orderId, customerId, customerEmail: 'not an address', reason: 'payment_declined' },
  },
  'inventory.released.v1': {
    valid: { orderId, reservationId, reason: 'order_cancelled' },
    invalid: { orderId, reason: 'order_cancelled' },
  },
  'inventory.committed.v1': {
    valid: { orderId, reservationId },
    invalid: { orderId, reservationId: 42 },
  },
  'payment.refunded.v1': {
    valid: { orderId, paymentId, refundId: randomUUID(), amount: eur(2500), restock: true },
    invalid: { orderId, paymentId, refundId: randomUUID(), amount: eur(2500), restock: 'yes' },
  },
  'order.refunded.v1': {
    valid: {
      orderId,
      customerId,
      customerEmail,
      refundId: randomUUID(),
      amount: eur(2500),
      restock: false,
    },
    invalid: { orderId, customerId, customerEmail, refundId: randomUUID(), amount: eur(2500) },
  },
};
