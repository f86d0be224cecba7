import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflict, problem, problemContentType } from '../src/index.ts';
import { testApp } from './support/test-app.ts';

const { app, logs } = await testApp({ BODY_LIMIT_BYTES: '1024' });
const orderId = '0b9b3c1e-2d7c-4d7a-9d5e-4c1f6a2b3c4d';

beforeAll(async () => {
  app.post(
    '/orders/:orderId/lines',
    {
      schema: {
        params: Type.Object({ orderId: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          {
            sku: Type.String({ minLength: 1 }),
            quantity: Type.Integer({ minimum: 1 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => reply.code(201).send({ sku: request.body.sku }),
  );
  app.get('/broken', async () => {
    throw new Error('password=hunter2 at db.internal:5432');
  });
  app.get('/orders/:orderId', async () => {
    throw problem(404, 'Order not found', {
      type: 'https://example.com/problems/order-not-found',
      detail: `No order ${orderId}`,
      extensions: { orderId, status: 200 },
    });
  });
  app.put('/orders/:orderId', async () => {
    throw conflict(undefined, { detail: 'The order changed meanwhile' });
  });
  await app.ready();
});
afterAll(() => app.close());

const json = (payload: unknown) => ({
  headers: { 'content-type': 'application/json' },
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
});

describe('problem+json errors', () => {
  it('lists every invalid field of a request', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/orders/${orderId}/lines?via=test`,
      ...json({ quantity: 0 }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The request body has 2 invalid fields',
      instance: `/orders/${orderId}/lines`,
      requestId: res.headers['x-request-id'],
    });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'body', field: 'sku', instancePath: '/sku' }),
        expect.objectContaining({
          in: 'body',
          field: 'quantity',
          instancePath: '/quantity',
          message: 'must be >= 1',
        }),
      ]),
    );
    expect(body.errors).toHaveLength(2);
  });

  it('rejects fields the body schema does not allow instead of dropping them', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/orders/${orderId}/lines`,
      ...json({ sku: 'KB-001', quantity: 1, unitPrice: 1 }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain(problemContentType);
    expect(JSON.stringify(response.json().errors)).toContain('unitPrice');
  });

  it('reports invalid path parameters', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/orders/not-a-uuid/lines',
      ...json({ sku: 'A', quantity: 1 }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ in: 'params', field: 'orderId' }),
    ]);
  });

  it('answers an unknown route with 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/nowhere?secret=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      title: 'Not Found',
      status: 404,
      detail: 'No route GET /nowhere',
      instance: '/nowhere',
    });
  });

  it('answers malformed JSON with 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/orders/${orderId}/lines`,
      ...json('{"sku": '),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 400, title: 'Bad Request' });
  });

  it('answers a body over the limit with 413', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/orders/${orderId}/lines`,
      ...json({ sku: 'x'.repeat(2000), quantity: 1 }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('answers an unsupported media type with 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/orders/${orderId}/lines`,
      headers: { 'content-type': 'application/xml' },
      payload: '<line/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
  });

  it('hides the message and stack of an unexpected error, and logs them', async () => {
    const res = await app.inject({ method: 'GET', url: '/broken' });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ title: 'Internal Server Error', status: 500 });
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toMatch(/errors\.test\.ts|at /);

    const logged = logs.find(
      (line) => line.requestId === body.requestId && line.msg === 'request failed',
    );
    expect(logged).toMatchObject({
      level: 50,
      err: { message: expect.stringContaining('hunter2') },
    });
    expect(JSON.stringify(logged)).toContain('errors.test.ts'); // the stack
  });

  it('sends a thrown problem with its status, type, detail and extensions', async () => {
    const res = await app.inject({ method: 'GET', url: `/orders/${orderId}` });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      type: 'https://example.com/problems/order-not-found',
      title: 'Order not found',
      status: 404,
      detail: `No order ${orderId}`,
      instance: `/orders/${orderId}`,
      requestId: res.headers['x-request-id'],
      orderId,
    });
  });

  it('titles a problem made by a status factory with the status phrase', async () => {
    const res = await app.inject({ method: 'PUT', url: `/orders/${orderId}` });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ title: 'Conflict', detail: 'The order changed meanwhile' });
  });

  it('keeps ordinary JSON for successful responses', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/orders/${orderId}/lines`,
      ...json({ sku: 'A-1', quantity: 2 }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(problemContentType).toBe('application/problem+json');
  });
});
