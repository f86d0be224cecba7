import { describe, expect, it } from 'vitest';
import {
  hasDotSegment,
  isPublicRequest,
  proxyRoutes,
  upstreamPath,
} from '../src/routing/route-table.ts';

describe('route table', () => {
  it('rewrites the public prefix to the service prefix and keeps the query', () => {
    const products = proxyRoutes.find((route) => route.prefix === '/api/products');
    expect(products && upstreamPath(products, '/api/products/1?x=2')).toBe('/products/1?x=2');
    expect(products && upstreamPath(products, '/api/products?q=a')).toBe('/products?q=a');
  });

  it.each([
    ['POST', '/api/auth/login', true],
    ['POST', '/api/auth/logout', true],
    ['GET', '/api/products', true],
    ['HEAD', '/api/products/1', true],
    ['POST', '/api/products/lookup', true],
    ['POST', '/api/products', false],
    ['PATCH', '/api/products/1', false],
    ['GET', '/api/inventory/1', true],
    ['PUT', '/api/inventory/1', false],
    ['POST', '/api/inventory/1/adjustments', false],
    ['GET', '/api/orders', false],
    ['GET', '/api/users/me', false],
    ['GET', '/api/productsx', false],
  ] as const)('%s %s public: %s', (method, path, expected) => {
    expect(isPublicRequest(method, path)).toBe(expected);
  });

  it.each([
    ['/api/auth/../users/me', true],
    ['/api/auth/%2e%2e/users/me', true],
    ['/api/products/./1', true],
    ['/api/products/%2E', true],
    ['/api/products/..%5cx', true],
    ['/api/products/a..b', false],
    ['/api/products/%zz', true],
    ['/api/products/1', false],
  ] as const)('%s has a dot segment: %s', (path, expected) => {
    expect(hasDotSegment(path)).toBe(expected);
  });
});
