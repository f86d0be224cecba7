import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { startFakeProductService } from './support/fake-product-service.ts';
import { migrate, startOrderService } from './support/order-service.ts';

const infra = await isolatedInfra();
await migrate(infra);
const catalog = await startFakeProductService();
const { app } = await startOrderService(infra, { productServiceUrl: catalog.url });

describe('order-service', () => {
  it('is ready when Postgres answers', async () => {
    const response = await app.inject({ url: '/health/ready' });
    expect(response.statusCode).toBe(200);
  });

  it('documents every route in /openapi.json', async () => {
    const response = await app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json().paths;
    expect(Object.keys(paths).sort()).toEqual([
      '/orders',
      '/orders/stats',
      '/orders/{id}',
      '/orders/{id}/cancel',
      '/orders/{id}/history',
      '/orders/{id}/timeline',
      '/orders/{id}/timeline/stream',
    ]);
    expect(Object.keys(paths['/orders'])).toEqual(expect.arrayContaining(['get', 'post']));
  });
});
