import { describe, expect, it } from 'vitest';
import { readableSpanName } from '../src/span-names.ts';

describe('readableSpanName', () => {
  it('keeps a named hook function', () => {
    expect(readableSpanName('onRequest', 'authenticateAtTheEdge', 'GET /orders')).toBe(
      'onRequest - authenticateAtTheEdge',
    );
  });

  it("turns an anonymous plugin's source text into the innermost named plugin", () => {
    const pluginName =
      'async (api) => { -- // Protected routes are turned away before their body is read; rate limiting (onRequest) -> @fastify/reply-from';
    expect(readableSpanName('onRequest', pluginName)).toBe('onRequest - @fastify/reply-from');
    expect(readableSpanName('preHandler', 'fastify -> @fastify/rate-limit')).toBe(
      'preHandler - @fastify/rate-limit',
    );
  });

  it('names a route handler after its route', () => {
    expect(readableSpanName('handler', 'fastify -> async (app) => {', 'POST /orders')).toBe(
      'handler - POST /orders',
    );
    expect(readableSpanName('handler', 'orderRoutes', 'POST /orders')).toBe(
      'handler - POST /orders',
    );
  });

  it('names only the hook when nothing has a name', () => {
    expect(readableSpanName('onSend', 'async function (request, reply) { return reply }')).toBe(
      'onSend',
    );
    expect(readableSpanName('handler', undefined)).toBe('handler');
    expect(readableSpanName('handler', 'anonymous')).toBe('handler');
  });
});
