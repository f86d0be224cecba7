import { context, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './support/test-app.ts';

const { app, logs } = await testApp();
const spanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  app.get('/hello', async (request) => {
    request.log.info('handling hello');
    return { hello: 'world' };
  });
  app.get('/headers', async (request) => {
    request.log.info({ headers: request.headers }, 'request headers');
    return {};
  });
  app.get('/traced', async (request) => {
    const active = trace.setSpan(context.active(), trace.wrapSpanContext(spanContext));
    context.with(active, () => request.log.info('inside a span'));
    return {};
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  context.disable();
});

const linesOf = (requestId: string) => logs.filter((line) => line.requestId === requestId);

describe('request ids', () => {
  it('generates a UUID, echoes it and puts it on every log line of the request', async () => {
    const res = await app.inject({ method: 'GET', url: '/hello' });
    const requestId = res.headers['x-request-id'] as string;
    expect(requestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(linesOf(requestId).map((line) => line.msg)).toEqual([
      'incoming request',
      'handling hello',
      'request completed',
    ]);
  });

  it("passes the caller's x-request-id through", async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/hello',
      headers: { 'x-request-id': 'gateway-01HX3Z:42' },
    });
    expect(res.headers['x-request-id']).toBe('gateway-01HX3Z:42');
    expect(linesOf('gateway-01HX3Z:42')).toHaveLength(3);
  });

  it('replaces an x-request-id that does not look like an id', async () => {
    for (const given of ['a'.repeat(129), 'two words', 'line\nbreak', '']) {
      const res = await app.inject({
        method: 'GET',
        url: '/hello',
        headers: { 'x-request-id': given },
      });
      expect(res.headers['x-request-id']).not.toBe(given);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('echoes the id on error responses too', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/missing',
      headers: { 'x-request-id': 'r-404' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-request-id']).toBe('r-404');
    expect(res.json().requestId).toBe('r-404');
  });
});

describe('log lines', () => {
  it('carry the trace and span id of the active span', async () => {
    const res = await app.inject({ method: 'GET', url: '/traced' });
    const line = linesOf(res.headers['x-request-id'] as string).find(
      (l) => l.msg === 'inside a span',
    );
    expect(line).toMatchObject({ traceId: spanContext.traceId, spanId: spanContext.spanId });
  });

  it('carry no trace fields outside a span', () => {
    const line = logs.find((l) => l.msg === 'handling hello');
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('traceId');
  });

  it('name the service and never show credentials', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/headers',
      headers: { authorization: 'Bearer secret-token', cookie: 'session=secret-cookie' },
    });
    const lines = linesOf(res.headers['x-request-id'] as string);
    expect(JSON.stringify(lines)).not.toMatch(/secret-(token|cookie)/);
    expect(lines.find((line) => line.msg === 'request headers')).toMatchObject({
      name: 'sample-service',
      headers: { authorization: '[redacted]', cookie: '[redacted]', host: 'localhost:80' },
    });
  });
});
