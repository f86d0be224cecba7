import { describe, expect, it } from 'vitest';
import { inventoryTestbed } from './support.ts';

const { app } = await inventoryTestbed();

describe('the service', () => {
  it('is ready when Postgres answers', async () => {
    const response = await app.inject({ url: '/health/ready' });
    expect(response.statusCode).toBe(200);
  });

  it('lists its routes in the OpenAPI document', async () => {
    const response = await app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json().paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/inventory/{productId}',
        '/inventory/{productId}/adjustments',
        '/reservations',
        '/reservations/{orderId}',
        '/reservations/{orderId}/release',
        '/reservations/{orderId}/commit',
      ]),
    );
    expect(Object.keys(paths['/inventory/{productId}'])).toEqual(
      expect.arrayContaining(['get', 'put']),
    );
  });
});
