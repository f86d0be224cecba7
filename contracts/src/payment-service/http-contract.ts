import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { OpenApiContract } from '../openapi-contract.ts';
import type { ContractTarget } from '../settings.ts';
import { adminPrincipal, newCustomer, type Principal } from '../tokens.ts';

const money = (amount: number) => ({ amount, currency: 'EUR' });

/** A customer's token made an admin's after signing: its signature no longer verifies. */
function tampered(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
  const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
  return `${header}.${forged}.${signature}`;
}

/** payment-service's HTTP API, checked call by call against the OpenAPI document it serves. */
export function paymentHttpContract(target: () => ContractTarget) {
  describe('payment-service HTTP API', () => {
    let api: OpenApiContract;
    let admin: Principal;
    let customer: Principal;
    let stranger: Principal;

    beforeAll(async () => {
      api = await OpenApiContract.load(target().baseUrl);
      [admin, customer, stranger] = await Promise.all([
        adminPrincipal(target()),
        newCustomer(target()),
        newCustomer(target()),
      ]);
    });

    const charge = (orderId: string, amount: number, extra: Record<string, unknown> = {}) =>
      api.call('post', '/payments', {
        token: admin.token,
        body: { orderId, customerId: customer.id, amount: money(amount), ...extra },
      });

    it('serves an OpenAPI 3.1 document declaring the payment operations', () => {
      expect(api.document.openapi).toMatch(/^3\.1\./);
      for (const [method, path] of [
        ['get', '/payments'],
        ['post', '/payments'],
        ['get', '/payments/{paymentId}'],
        ['post', '/payments/{orderId}/refund'],
      ] as const) {
        expect(() => api.operation(method, path)).not.toThrow();
      }
    });

    const operations = [
      ['get', '/payments', {}],
      ['get', '/payments/{paymentId}', { paymentId: randomUUID() }],
      ['post', '/payments', {}],
      ['post', '/payments/{orderId}/refund', { orderId: randomUUID() }],
    ] as const;

    it.each(operations)('%s %s answers 401 without a token', async (method, path, params) => {
      const answer = await api.call(method, path, { params, invalid: true });
      expect(answer.status).toBe(401);
    });

    it.each(operations)(
      '%s %s answers 401 to identity headers without a token',
      async (method, path, params) => {
        const answer = await api.call(method, path, {
          params,
          invalid: true,
          headers: {
            'x-user-id': customer.id,
            'x-user-roles': 'admin',
            'x-user-email': 'a@b.test',
          },
        });
        expect(answer.status).toBe(401);
      },
    );

    it.each(operations)(
      '%s %s answers 401 to a token whose signature does not verify',
      async (method, path, params) => {
        const answer = await api.call(method, path, {
          params,
          invalid: true,
          token: tampered(customer.token),
        });
        expect(answer.status).toBe(401);
      },
    );

    it('refuses the admin operations to a customer with 403', async () => {
      const orderId = randomUUID();
      const byHand = await api.call('post', '/payments', {
        token: customer.token,
        body: { orderId, customerId: customer.id, amount: money(100) },
      });
      expect(byHand.status).toBe(403);
      const refund = await api.call('post', '/payments/{orderId}/refund', {
        token: customer.token,
        params: { orderId },
      });
      expect(refund.status).toBe(403);
    });

    it('charges an order by hand once: 201, then the same payment with 200', async () => {
      const orderId = randomUUID();
      const first = await charge(orderId, 2599);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        orderId,
        customerId: customer.id,
        amount: money(2599),
        status: 'SUCCEEDED',
        refund: null,
        failureReason: null,
      });
      const again = await charge(orderId, 2599);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(again.body.attempts).toBe(first.body.attempts);
    });

    it('answers 409 to a second charge of an order with another amount', async () => {
      const orderId = randomUUID();
      expect((await charge(orderId, 1000)).status).toBe(201);
      const other = await charge(orderId, 1001);
      expect(other.status).toBe(409);
    });

    it('records a declined card as FAILED with reason declined', async () => {
      const answer = await charge(randomUUID(), 1500, { paymentToken: 'tok_chargeDeclined' });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        status: 'FAILED',
        failureReason: 'declined',
      });
    });

    it.each([
      ['a missing amount', { orderId: randomUUID(), customerId: randomUUID() }],
      ['an amount of 0', { orderId: randomUUID(), customerId: randomUUID(), amount: money(0) }],
      [
        'a fractional amount',
        { orderId: randomUUID(), customerId: randomUUID(), amount: money(1.5) },
      ],
      [
        'a bad currency',
        { orderId: randomUUID(), customerId: randomUUID(), amount: { amount: 5, currency: 'eur' } },
      ],
      [
        'an order id that is no uuid',
        { orderId: 'order-1', customerId: randomUUID(), amount: money(5) },
      ],
      [
        'an unknown property',
        { orderId: randomUUID(), customerId: randomUUID(), amount: money(5), extra: 1 },
      ],
      [
        'a token of the wrong shape',
        { orderId: randomUUID(), customerId: randomUUID(), amount: money(5), paymentToken: 'visa' },
      ],
    ])('answers 400 problem+json to a charge with %s', async (_case, body) => {
      const answer = await api.call('post', '/payments', {
        token: admin.token,
        body,
        invalid: true,
      });
      expect(answer.status).toBe(400);
    });

    it('answers 400 problem+json to a body that is not JSON', async () => {
      const answer = await api.call('post', '/payments', {
        token: admin.token,
        rawBody: '{"orderId":',
        invalid: true,
      });
      expect(answer.status).toBe(400);
    });

    it('shows a payment to its customer and an admin, 404 to anyone else', async () => {
      const created = await charge(randomUUID(), 700);
      const paymentId = created.body.id as string;
      const own = await api.call('get', '/payments/{paymentId}', {
        token: customer.token,
        params: { paymentId },
      });
      expect(own.status).toBe(200);
      expect(own.body).toEqual(created.body);
      const byAdmin = await api.call('get', '/payments/{paymentId}', {
        token: admin.token,
        params: { paymentId },
      });
      expect(byAdmin.status).toBe(200);
      const other = await api.call('get', '/payments/{paymentId}', {
        token: stranger.token,
        params: { paymentId },
      });
      expect(other.status).toBe(404);
      const unknown = await api.call('get', '/payments/{paymentId}', {
        token: admin.token,
        params: { paymentId: randomUUID() },
      });
      expect(unknown.status).toBe(404);
      const malformed = await api.call('get', '/payments/{paymentId}', {
        token: admin.token,
        params: { paymentId: 'not-a-uuid' },
      });
      expect(malformed.status).toBe(400);
    });

    it("lists an order's payment for its customer and an admin, an empty list for others", async () => {
      const orderId = randomUUID();
      const created = await charge(orderId, 800);
      const list = (token: string) => api.call('get', '/payments', { token, query: { orderId } });
      expect((await list(customer.token)).body.items).toEqual([created.body]);
      expect((await list(admin.token)).body.items).toEqual([created.body]);
      const other = await list(stranger.token);
      expect(other.status).toBe(200);
      expect(other.body.items).toEqual([]);
      const own = await api.call('get', '/payments', {
        token: customer.token,
        query: { limit: 100 },
      });
      expect(
        own.body.items.every((item: { customerId: string }) => item.customerId === customer.id),
      ).toBe(true);
    });

    it.each([0, 101, 'many'])('answers 400 to a list with limit %s', async (limit) => {
      const answer = await api.call('get', '/payments', { token: admin.token, query: { limit } });
      expect(answer.status).toBe(400);
    });

    it('refunds a successful payment once: 201 REFUNDED, then the same refund with 200', async () => {
      const orderId = randomUUID();
      await charge(orderId, 1200);
      const refund = await api.call('post', '/payments/{orderId}/refund', {
        token: admin.token,
        params: { orderId },
      });
      expect(refund.status).toBe(201);
      expect(refund.body).toMatchObject({ status: 'REFUNDED', refund: { amount: money(1200) } });
      const again = await api.call('post', '/payments/{orderId}/refund', {
        token: admin.token,
        params: { orderId },
      });
      expect(again.status).toBe(200);
      expect(again.body.refund.id).toBe(refund.body.refund.id);
    });

    it('refunds with restock when the body says so, and without when there is no body', async () => {
      const returned = randomUUID();
      await charge(returned, 700);
      const refund = await api.call('post', '/payments/{orderId}/refund', {
        token: admin.token,
        params: { orderId: returned },
        body: { restock: true },
      });
      expect(refund.status).toBe(201);
      expect(refund.body.refund).toMatchObject({ restock: true });
      const again = await api.call('post', '/payments/{orderId}/refund', {
        token: admin.token,
        params: { orderId: returned },
        body: { restock: false },
      });
      expect(again.status).toBe(200);
      expect(again.body.refund).toMatchObject({ id: refund.body.refund.id, restock: true });

      const kept = randomUUID();
      await charge(kept, 700);
      const bare = await api.call('post', '/payments/{orderId}/refund', {
        token: admin.token,
        params: { orderId: kept },
      });
      expect(bare.status).toBe(201);
      expect(bare.body.refund).toMatchObject({ restock: false });
    });

    it.each([
      ['a restock that is not a boolean', '{"restock":"yes"}'],
      ['an unknown field', '{"restock":true,"note":"x"}'],
      ['a body that is not an object', '[true]'],
      ['a body that is not JSON', '{restock'],
    ])('answers 400 to a refund with %s, and refunds nothing', async (_, rawBody) => {
      const orderId = randomUUID();
      await charge(orderId, 800);
      const answer = await api.call('post', '/payments/{orderId}/refund', {
        token: admin.token,
        params: { orderId },
        rawBody,
        invalid: true,
      });
      expect(answer.status).toBe(400);
      const payment = await api.call('get', '/payments', {
        token: admin.token,
        query: { orderId },
      });
      expect(payment.body.items).toMatchObject([{ status: 'SUCCEEDED', refund: null }]);
    });

    it('answers 409 to a refund of a failed payment and 404 to an order without one', async () => {
      const orderId = randomUUID();
      await charge(orderId, 900, { paymentToken: 'tok_chargeDeclined' });
      const failed = await api.call('post', '/payments/{orderId}/refund', {
        token: admin.token,
        params: { orderId },
      });
      expect(failed.status).toBe(409);
      const none = await api.call('post', '/payments/{orderId}/refund', {
        token: admin.token,
        params: { orderId: randomUUID() },
      });
      expect(none.status).toBe(404);
    });

    it('answers /health/live, /health/ready and /metrics', async () => {
      const base = target().baseUrl;
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      for (const name of [
        'http_request_duration_seconds',
        'payment_provider_retries_total',
        'outbox_backlog_events',
        'events_published_total',
        'events_handled_total',
      ]) {
        expect(text, `metric ${name}`).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
      }
    });
  });
}
