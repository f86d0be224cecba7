import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sendOrderNotification } from '../src/notifications/send-order-notification.ts';
import { bearer, setUpTestService } from './support/test-service.ts';

const service = await setUpTestService();
const app = await service.app();
const { db, issuer } = service;

const ada = randomUUID();
const alan = randomUUID();
const adminId = randomUUID();
const adaToken = await issuer.token({ userId: ada, roles: ['customer'] });
const alanToken = await issuer.token({ userId: alan, roles: ['customer'] });
const adminToken = await issuer.token({ userId: adminId, roles: ['admin'] });

async function notify(customerId: string, kind: 'ORDER_CONFIRMED' | 'ORDER_CANCELLED') {
  const orderId = randomUUID();
  const request =
    kind === 'ORDER_CONFIRMED'
      ? {
          kind,
          orderId,
          customerId,
          recipient: 'c@shop.example',
          total: { amount: 500, currency: 'EUR' },
        }
      : ({
          kind,
          orderId,
          customerId,
          recipient: 'c@shop.example',
          reason: 'out_of_stock',
        } as const);
  const { notification } = await sendOrderNotification(db, request, app.notificationSender);
  return notification;
}

// Sent one after another, so created_at orders them.
const adaFirst = await notify(ada, 'ORDER_CONFIRMED');
const adaSecond = await notify(ada, 'ORDER_CANCELLED');
const adaThird = await notify(ada, 'ORDER_CONFIRMED');
const alanOnly = await notify(alan, 'ORDER_CONFIRMED');

describe('GET /notifications', () => {
  it("lists the caller's own notifications, newest first, paginated", async () => {
    const first = await app.inject({ url: '/notifications?pageSize=2', headers: bearer(adaToken) });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(first.json().items.map((n: { id: string }) => n.id)).toEqual([
      adaThird.id,
      adaSecond.id,
    ]);

    const second = await app.inject({
      url: '/notifications?pageSize=2&page=2',
      headers: bearer(adaToken),
    });
    expect(second.json().items.map((n: { id: string }) => n.id)).toEqual([adaFirst.id]);
  });

  it('returns the delivery log fields', async () => {
    const response = await app.inject({ url: '/notifications', headers: bearer(alanToken) });
    expect(response.json().items).toEqual([
      {
        id: alanOnly.id,
        orderId: alanOnly.orderId,
        customerId: alan,
        kind: 'ORDER_CONFIRMED',
        channel: 'EMAIL',
        recipient: 'c@shop.example',
        subject: `Your order ${alanOnly.orderId} is confirmed`,
        body: expect.stringContaining('€5.00'),
        status: 'SENT',
        attempts: 1,
        lastError: null,
        providerMessageId: expect.stringMatching(/^log-/),
        createdAt: alanOnly.createdAt.toISOString(),
        sentAt: expect.any(String),
      },
    ]);
  });

  it('lets a customer name themselves as customerId', async () => {
    const response = await app.inject({
      url: `/notifications?customerId=${ada}`,
      headers: bearer(adaToken),
    });
    expect(response.json().total).toBe(3);
  });

  it("lets an admin filter by customer, or see everyone's", async () => {
    const filtered = await app.inject({
      url: `/notifications?customerId=${alan}`,
      headers: bearer(adminToken),
    });
    expect(filtered.statusCode).toBe(200);
    expect(filtered.json().items.map((n: { id: string }) => n.id)).toEqual([alanOnly.id]);

    const everyone = await app.inject({ url: '/notifications', headers: bearer(adminToken) });
    expect(everyone.json().total).toBe(4);
  });

  it("answers 403 to a customer asking for another customer's notifications", async () => {
    const response = await app.inject({
      url: `/notifications?customerId=${alan}`,
      headers: bearer(adaToken),
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it.each([['page=0'], ['pageSize=101'], ['customerId=not-a-uuid']])(
    'answers 400 problem+json to ?%s',
    async (query) => {
      const response = await app.inject({
        url: `/notifications?${query}`,
        headers: bearer(adaToken),
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    },
  );

  it('answers 401 without a token', async () => {
    const response = await app.inject({ url: '/notifications' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 401 to forged identity headers without a token', async () => {
    const response = await app.inject({
      url: '/notifications',
      headers: { 'x-user-id': ada, 'x-user-roles': 'admin', 'x-user-email': 'ada@shop.example' },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('GET /notifications/:id', () => {
  it('returns a notification to its customer', async () => {
    const response = await app.inject({
      url: `/notifications/${adaFirst.id}`,
      headers: bearer(adaToken),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: adaFirst.id, customerId: ada, status: 'SENT' });
  });

  it('returns any notification to an admin', async () => {
    const response = await app.inject({
      url: `/notifications/${adaFirst.id}`,
      headers: bearer(adminToken),
    });
    expect(response.statusCode).toBe(200);
  });

  it("answers 404 for another customer's notification, so ids cannot be probed", async () => {
    const response = await app.inject({
      url: `/notifications/${adaFirst.id}`,
      headers: bearer(alanToken),
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 404 for an unknown id', async () => {
    const response = await app.inject({
      url: `/notifications/${randomUUID()}`,
      headers: bearer(adminToken),
    });
    expect(response.statusCode).toBe(404);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const response = await app.inject({ url: '/notifications/42', headers: bearer(adaToken) });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ in: 'params' })],
    });
  });

  it('answers 401 without a token and to forged identity headers', async () => {
    const none = await app.inject({ url: `/notifications/${adaFirst.id}` });
    expect(none.statusCode).toBe(401);
    const forged = await app.inject({
      url: `/notifications/${adaFirst.id}`,
      headers: { 'x-user-id': ada, 'x-user-roles': 'admin' },
    });
    expect(forged.statusCode).toBe(401);
  });
});

describe('service endpoints', () => {
  it('is ready when Postgres answers', async () => {
    const response = await app.inject({ url: '/health/ready' });
    expect(response.statusCode).toBe(200);
  });

  it('lists its routes in /openapi.json', async () => {
    const response = await app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json().paths)).toEqual(
      expect.arrayContaining(['/notifications', '/notifications/{id}']),
    );
  });
});
