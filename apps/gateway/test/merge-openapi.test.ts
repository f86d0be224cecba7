import { describe, expect, it } from 'vitest';
import { componentPrefix, mergeOpenApi, publicPath } from '../src/openapi/merge-openapi.ts';
import { proxyRoutes } from '../src/routing/route-table.ts';

const routesOf = (service: string) => proxyRoutes.filter((route) => route.service === service);

const productDocument = {
  openapi: '3.1.0',
  info: { title: 'product-service', version: '1' },
  paths: {
    '/products/{id}': {
      get: {
        operationId: 'getProduct',
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Product' } } },
          },
        },
      },
      parameters: [{ $ref: '#/components/parameters/Id' }],
    },
    '/products': { post: { security: [{ bearerAuth: [] }], responses: {} } },
  },
  components: {
    schemas: {
      Product: { type: 'object', properties: { price: { $ref: '#/components/schemas/Money' } } },
      Money: { type: 'object' },
    },
    parameters: { Id: { name: 'id', in: 'path' } },
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
  },
};

const orderDocument = {
  openapi: '3.1.0',
  info: { title: 'order-service', version: '1' },
  paths: {
    '/orders': { get: { responses: { '200': { $ref: '#/components/responses/Page' } } } },
    '/internal/metrics-only': { get: { responses: {} } },
  },
  components: {
    schemas: { Money: { type: 'string' } },
    responses: { Page: { description: 'a page' } },
  },
};

const userDocument = {
  openapi: '3.1.0',
  info: { title: 'user-service', version: '1' },
  paths: { '/auth/login': { post: { responses: {} } }, '/users/me': { get: { responses: {} } } },
};

const merged = mergeOpenApi({
  title: 'API',
  version: '1.0.0',
  services: [
    { service: 'product-service', document: productDocument, routes: routesOf('product-service') },
    { service: 'order-service', document: orderDocument, routes: routesOf('order-service') },
    { service: 'user-service', document: userDocument, routes: routesOf('user-service') },
  ],
  extraPaths: { '/.well-known/jwks.json': { get: { responses: {} } } },
});

describe('merging OpenAPI documents', () => {
  it('puts every service path under its public prefix', () => {
    expect(Object.keys(merged.paths).sort()).toEqual(
      [
        '/.well-known/jwks.json',
        '/api/auth/login',
        '/api/orders',
        '/api/products',
        '/api/products/{id}',
        '/api/users/me',
      ].sort(),
    );
  });

  it('leaves out paths the gateway does not route', () => {
    expect(merged.paths['/internal/metrics-only']).toBeUndefined();
    expect(merged.paths['/api/internal/metrics-only']).toBeUndefined();
  });

  it('prefixes components per service so equal names do not collide', () => {
    expect(merged.components.schemas['ProductService.Money']).toEqual({ type: 'object' });
    expect(merged.components.schemas['OrderService.Money']).toEqual({ type: 'string' });
    expect(merged.components.parameters['ProductService.Id']).toBeDefined();
    expect(merged.components.responses['OrderService.Page']).toBeDefined();
  });

  it('rewrites references, nested ones included, to the prefixed names', () => {
    const get = merged.paths['/api/products/{id}'].get;
    expect(get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ProductService.Product',
    );
    expect(merged.components.schemas['ProductService.Product'].properties.price.$ref).toBe(
      '#/components/schemas/ProductService.Money',
    );
    expect(merged.paths['/api/products/{id}'].parameters[0].$ref).toBe(
      '#/components/parameters/ProductService.Id',
    );
  });

  it('keeps one shared bearer scheme and the operations referring to it', () => {
    expect(Object.keys(merged.components.securitySchemes)).toEqual(['bearerAuth']);
    expect(merged.paths['/api/products'].post.security).toEqual([{ bearerAuth: [] }]);
  });

  it('tags operations with their service and prefixes operation ids', () => {
    expect(merged.paths['/api/products/{id}'].get).toMatchObject({
      tags: ['product-service'],
      operationId: 'ProductService.getProduct',
    });
    expect(merged.tags.map((tag: { name: string }) => tag.name)).toEqual([
      'product-service',
      'order-service',
      'user-service',
    ]);
  });

  it('does not change the documents it was given', () => {
    expect(
      productDocument.paths['/products/{id}'].get.responses['200'].content['application/json']
        .schema.$ref,
    ).toBe('#/components/schemas/Product');
  });
});

describe('path mapping', () => {
  it('maps an upstream path to its public path', () => {
    expect(publicPath('/products', routesOf('product-service'))).toBe('/api/products');
    expect(publicPath('/products/{id}', routesOf('product-service'))).toBe('/api/products/{id}');
    expect(publicPath('/productsx', routesOf('product-service'))).toBeUndefined();
    expect(publicPath('/reservations', routesOf('inventory-service'))).toBeUndefined();
  });

  it('names component prefixes after the service', () => {
    expect(componentPrefix('notification-service')).toBe('NotificationService');
  });
});
