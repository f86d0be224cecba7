import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storableTextPattern } from '../src/route-contract.ts';
import { testApp } from './support/test-app.ts';

const { app } = await testApp();

beforeAll(async () => {
  app.post(
    '/orders',
    {
      schema: {
        summary: 'Place an order',
        body: Type.Object({
          customerId: Type.String({ format: 'uuid' }),
          lines: Type.Array(
            Type.Object({ sku: Type.String(), quantity: Type.Integer({ minimum: 1 }) }),
            { minItems: 1 },
          ),
        }),
        response: { 201: Type.Object({ orderId: Type.String() }) },
      },
    },
    async (_request, reply) => reply.code(201).send({ orderId: 'o-1' }),
  );
  await app.ready();
});
afterAll(() => app.close());

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document of the service routes with their schemas', async () => {
    const res = await app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    const document = res.json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toEqual({ title: 'sample-service', version: '1.2.3' });
    const operation = document.paths['/orders'].post;
    expect(operation.summary).toBe('Place an order');
    expect(operation.requestBody.content['application/json'].schema).toEqual({
      type: 'object',
      required: ['customerId', 'lines'],
      properties: {
        customerId: { type: 'string', format: 'uuid' },
        lines: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['sku', 'quantity'],
            // Bounds service-kit adds where a schema has none (route-contract.ts).
            properties: {
              sku: { type: 'string', pattern: storableTextPattern, maxLength: 10_000 },
              quantity: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
            },
          },
        },
      },
    });
    expect(operation.responses['201'].content['application/json'].schema).toMatchObject({
      properties: { orderId: { type: 'string' } },
    });
  });

  it('leaves health, metrics and docs routes out', async () => {
    const paths = Object.keys((await app.inject('/openapi.json')).json().paths);
    expect(paths).toEqual(['/orders']);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await app.inject('/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('swagger');
  });
});
