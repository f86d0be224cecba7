import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadConfig } from '@ecommerce/service-kit';
import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { isolatedInfra } from '@ecommerce/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { type PaymentProvider, TransientProviderError } from '../src/provider/payment-provider.ts';
import { createSimulatedPaymentProvider } from '../src/provider/simulated-provider.ts';
import { migratedDatabase } from './support/database.ts';

const infra = await isolatedInfra();
const { url } = await migratedDatabase(infra);
const issuer = await createTestTokenIssuer();

const ada = randomUUID();
const alan = randomUUID();
const decliningCustomer = randomUUID();
const adminId = randomUUID();

const config = loadConfig(configSchema, {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATABASE_URL: url,
  PAYMENT_PROVIDER_LATENCY_MS: '0',
  PAYMENT_PROVIDER_RETRY_BASE_DELAY_MS: '1',
  PAYMENT_PROVIDER_RETRY_MAX_DELAY_MS: '5',
  PAYMENT_CUSTOMER_TOKENS: `${decliningCustomer}=tok_chargeDeclined`,
});
const app = await buildApp(config, { jwks: issuer.jwks });
afterAll(() => app.close());

const bearer = async (userId: string, roles = ['customer']) => ({
  authorization: `Bearer ${await issuer.token({ userId, roles })}`,
});
let asAda: Record<string, string>;
let asAlan: Record<string, string>;
let asAdmin: Record<string, string>;
beforeAll(async () => {
  asAda = await bearer(ada);
  asAlan = await bearer(alan);
  asAdmin = await bearer(adminId, ['admin']);
});

const forgedAdmin = { 'x-user-id': adminId, 'x-user-roles': 'admin' };

function chargeBody(customerId = ada, amount = 2_599) {
  return { orderId: randomUUID(), customerId, amount: { amount, currency: 'EUR' } };
}

async function charge(
  body: ReturnType<typeof chargeBody> & { paymentToken?: string } = chargeBody(),
) {
  const response = await app.inject({
    method: 'POST',
    url: '/payments',
    headers: asAdmin,
    payload: body,
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: string; orderId: string; status: string }>();
}

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown> },
  status: number,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
}

describe('POST /payments (manual charge)', () => {
  it('charges an order (201) and answers a repeat with the same payment (200)', async () => {
    const body = chargeBody();
    const first = await app.inject({
      method: 'POST',
      url: '/payments',
      headers: asAdmin,
      payload: body,
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      orderId: body.orderId,
      customerId: ada,
      amount: { amount: 2_599, currency: 'EUR' },
      status: 'SUCCEEDED',
      failureReason: null,
      refund: null,
    });
    const again = await app.inject({
      method: 'POST',
      url: '/payments',
      headers: asAdmin,
      payload: body,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
  });

  it("declines by the customer's configured token, or by the token given", async () => {
    const configured = await charge(chargeBody(decliningCustomer));
    expect(configured).toMatchObject({ status: 'FAILED', failureReason: 'declined' });
    const given = await charge({ ...chargeBody(), paymentToken: 'tok_insufficientFunds' });
    expect(given).toMatchObject({ status: 'FAILED', failureReason: 'insufficient_funds' });
  });

  it('409 when the order was charged with another amount', async () => {
    const body = chargeBody();
    await charge(body);
    const response = await app.inject({
      method: 'POST',
      url: '/payments',
      headers: asAdmin,
      payload: { ...body, amount: { amount: 1, currency: 'EUR' } },
    });
    expectProblem(response, 409);
  });

  it('400 for an invalid body, naming every bad field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/payments',
      headers: asAdmin,
      payload: {
        orderId: 'nope',
        customerId: ada,
        amount: { amount: 0, currency: 'euro' },
        paymentToken: 'visa',
        extra: true,
      },
    });
    expectProblem(response, 400);
    const fields = response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['orderId', 'amount.amount', 'amount.currency', 'paymentToken']),
    );
  });

  it('401 without a token or with forged identity headers; 403 for a customer', async () => {
    const body = chargeBody();
    expectProblem(await app.inject({ method: 'POST', url: '/payments', payload: body }), 401);
    expectProblem(
      await app.inject({ method: 'POST', url: '/payments', headers: forgedAdmin, payload: body }),
      401,
    );
    expectProblem(
      await app.inject({ method: 'POST', url: '/payments', headers: asAda, payload: body }),
      403,
    );
  });
});

describe('GET /payments/:paymentId', () => {
  it('shows a payment to its customer and to an admin', async () => {
    const payment = await charge();
    for (const headers of [asAda, asAdmin]) {
      const response = await app.inject({ url: `/payments/${payment.id}`, headers });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: payment.id, customerId: ada });
    }
  });

  it("404 for another customer's payment and for an unknown one", async () => {
    const payment = await charge();
    expectProblem(await app.inject({ url: `/payments/${payment.id}`, headers: asAlan }), 404);
    expectProblem(await app.inject({ url: `/payments/${randomUUID()}`, headers: asAdmin }), 404);
  });

  it('400 for an id that is not a UUID; 401 without a token or with forged headers', async () => {
    expectProblem(await app.inject({ url: '/payments/42', headers: asAdmin }), 400);
    const payment = await charge();
    expectProblem(await app.inject({ url: `/payments/${payment.id}` }), 401);
    expectProblem(await app.inject({ url: `/payments/${payment.id}`, headers: forgedAdmin }), 401);
  });
});

describe('GET /payments', () => {
  it("lists a customer's own payments for an order; others get an empty list", async () => {
    const payment = await charge();
    const own = await app.inject({ url: `/payments?orderId=${payment.orderId}`, headers: asAda });
    expect(own.statusCode).toBe(200);
    expect(own.json().items.map((p: { id: string }) => p.id)).toEqual([payment.id]);

    const other = await app.inject({
      url: `/payments?orderId=${payment.orderId}`,
      headers: asAlan,
    });
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual({ items: [] });

    const admin = await app.inject({
      url: `/payments?orderId=${payment.orderId}`,
      headers: asAdmin,
    });
    expect(admin.json().items).toHaveLength(1);
  });

  it('without an order id, lists only the caller’s payments, newest first, up to the limit', async () => {
    const customer = randomUUID();
    const headers = await bearer(customer);
    const older = await charge(chargeBody(customer));
    const newer = await charge(chargeBody(customer));
    const response = await app.inject({ url: '/payments', headers });
    expect(response.json().items.map((p: { id: string }) => p.id)).toEqual([newer.id, older.id]);
    const limited = await app.inject({ url: '/payments?limit=1', headers });
    expect(limited.json().items.map((p: { id: string }) => p.id)).toEqual([newer.id]);
  });

  it('400 for a bad order id or limit; 401 without a token or with forged headers', async () => {
    expectProblem(await app.inject({ url: '/payments?orderId=x', headers: asAda }), 400);
    expectProblem(await app.inject({ url: '/payments?limit=0', headers: asAda }), 400);
    expectProblem(await app.inject({ url: '/payments' }), 401);
    expectProblem(await app.inject({ url: '/payments', headers: forgedAdmin }), 401);
  });
});

describe('POST /payments/:orderId/refund', () => {
  it('refunds once (201), then answers with the same refund (200)', async () => {
    const payment = await charge();
    const url = `/payments/${payment.orderId}/refund`;
    const first = await app.inject({ method: 'POST', url, headers: asAdmin });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      id: payment.id,
      status: 'REFUNDED',
      refund: { amount: { amount: 2_599, currency: 'EUR' } },
    });
    const again = await app.inject({ method: 'POST', url, headers: asAdmin });
    expect(again.statusCode).toBe(200);
    expect(again.json().refund.id).toBe(first.json().refund.id);

    const seen = await app.inject({ url: `/payments/${payment.id}`, headers: asAda });
    expect(seen.json()).toMatchObject({
      status: 'REFUNDED',
      refund: { id: first.json().refund.id },
    });
  });

  it('puts the units back on hand only when the body says restock; the first refund stands', async () => {
    const kept = await charge();
    const withoutBody = await app.inject({
      method: 'POST',
      url: `/payments/${kept.orderId}/refund`,
      headers: asAdmin,
    });
    expect(withoutBody.statusCode).toBe(201);
    expect(withoutBody.json().refund).toMatchObject({ restock: false });

    const returned = await charge();
    const url = `/payments/${returned.orderId}/refund`;
    const first = await app.inject({
      method: 'POST',
      url,
      headers: asAdmin,
      payload: { restock: true },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json().refund).toMatchObject({ restock: true });
    const again = await app.inject({
      method: 'POST',
      url,
      headers: asAdmin,
      payload: { restock: false },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().refund).toMatchObject({ id: first.json().refund.id, restock: true });
  });

  it('400 for a body that is not { restock: boolean }, 415 for one that is not JSON', async () => {
    const payment = await charge();
    const url = `/payments/${payment.orderId}/refund`;
    for (const payload of [{ restock: 'yes' }, { restock: true, reason: 'x' }, [], 'true']) {
      expectProblem(
        await app.inject({
          method: 'POST',
          url,
          headers: { ...asAdmin, 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        }),
        400,
      );
    }
    expectProblem(
      await app.inject({
        method: 'POST',
        url,
        headers: { ...asAdmin, 'content-type': 'text/plain' },
        payload: 'restock',
      }),
      415,
    );
    const after = await app.inject({ url: `/payments/${payment.id}`, headers: asAdmin });
    expect(after.json()).toMatchObject({ status: 'SUCCEEDED', refund: null });
  });

  it('409 for a failed payment, 404 for an order without one, 400 for a bad order id', async () => {
    const failed = await charge(chargeBody(decliningCustomer));
    expectProblem(
      await app.inject({
        method: 'POST',
        url: `/payments/${failed.orderId}/refund`,
        headers: asAdmin,
      }),
      409,
    );
    expectProblem(
      await app.inject({
        method: 'POST',
        url: `/payments/${randomUUID()}/refund`,
        headers: asAdmin,
      }),
      404,
    );
    expectProblem(
      await app.inject({ method: 'POST', url: '/payments/nope/refund', headers: asAdmin }),
      400,
    );
  });

  it('401 without a token or with forged headers; 403 for the customer who paid', async () => {
    const payment = await charge();
    const url = `/payments/${payment.orderId}/refund`;
    expectProblem(await app.inject({ method: 'POST', url }), 401);
    expectProblem(await app.inject({ method: 'POST', url, headers: forgedAdmin }), 401);
    expectProblem(await app.inject({ method: 'POST', url, headers: asAda }), 403);
  });
});

describe('a provider that stays unavailable for refunds', () => {
  it('answers 503 and leaves the payment refundable', async () => {
    const simulated = createSimulatedPaymentProvider();
    const provider: PaymentProvider = {
      charge: (request) => simulated.charge(request),
      refund: async () => {
        throw new TransientProviderError('down');
      },
    };
    const unavailable = await buildApp(config, { jwks: issuer.jwks, provider });
    try {
      const body = chargeBody();
      const charged = await unavailable.inject({
        method: 'POST',
        url: '/payments',
        headers: asAdmin,
        payload: body,
      });
      expect(charged.statusCode).toBe(201);
      expectProblem(
        await unavailable.inject({
          method: 'POST',
          url: `/payments/${body.orderId}/refund`,
          headers: asAdmin,
        }),
        503,
      );
      const after = await app.inject({ url: `/payments/${charged.json().id}`, headers: asAdmin });
      expect(after.json()).toMatchObject({ status: 'SUCCEEDED', refund: null });
    } finally {
      await unavailable.close();
    }
  });
});

describe('a provider that already charged the order differently', () => {
  it('answers 409 and records nothing', async () => {
    const provider = createSimulatedPaymentProvider();
    const body = chargeBody();
    await provider.charge({
      idempotencyKey: `charge:${body.orderId}`,
      amount: { amount: 1, currency: 'EUR' },
      paymentToken: 'tok_visa',
      customerId: body.customerId,
    });
    const other = await buildApp(config, { jwks: issuer.jwks, provider });
    try {
      expectProblem(
        await other.inject({ method: 'POST', url: '/payments', headers: asAdmin, payload: body }),
        409,
      );
      const listed = await app.inject({
        url: `/payments?orderId=${body.orderId}`,
        headers: asAdmin,
      });
      expect(listed.json()).toEqual({ items: [] });
    } finally {
      await other.close();
    }
  });
});

describe('service', () => {
  it('is ready when Postgres answers', async () => {
    const response = await app.inject({ url: '/health/ready' });
    expect(response.statusCode).toBe(200);
  });

  it('documents its routes in /openapi.json', async () => {
    const response = await app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json<{ paths: Record<string, Record<string, unknown>> }>().paths;
    expect(Object.keys(paths['/payments'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    expect(paths['/payments/{paymentId}']).toHaveProperty('get');
    expect(paths['/payments/{orderId}/refund']).toHaveProperty('post');
    expect(paths['/payments/{orderId}/refund']?.post).toMatchObject({
      requestBody: { required: false },
    });
    expect(JSON.stringify(paths)).not.toContain('x-optional-body');
  });

  it('serves the document apps/payment-service-go embeds, so both keep one contract', async () => {
    const served = (await app.inject({ url: '/openapi.json' })).json();
    const embedded = JSON.parse(
      readFileSync(
        new URL('../../payment-service-go/internal/httpapi/openapi.json', import.meta.url),
        'utf8',
      ),
    );
    expect(embedded, 'refresh internal/httpapi/openapi.json from GET /openapi.json').toEqual(
      served,
    );
  });
});
