import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardedRequestHeaders } from '../src/proxy/forwarded-headers.ts';

const forwarding = {
  requestId: 'req-1',
  clientIp: '203.0.113.9',
  protocol: 'https',
  host: 'shop.example',
};

// What the telemetry package registers in a running service.
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(() => {
  propagation.disable();
  context.disable();
});

describe('headers sent upstream', () => {
  it('drops every identity claim and keeps the token', () => {
    const headers = forwardedRequestHeaders(
      {
        authorization: 'Bearer t',
        'x-user-id': 'u',
        'x-user-roles': 'admin',
        'x-user-email': 'a@b.c',
        'x-user': 'u',
        'x-authenticated-userid': 'u',
        'x-authenticated': 'yes',
        'x-username-hint': 'kept: not an identity header',
        accept: 'application/json',
      },
      forwarding,
    );
    expect(Object.keys(headers).sort()).toEqual(
      [
        'accept',
        'authorization',
        'x-forwarded-for',
        'x-forwarded-host',
        'x-forwarded-proto',
        'x-request-id',
        'x-username-hint',
      ].sort(),
    );
    expect(headers.authorization).toBe('Bearer t');
  });

  it('sets the request id and appends the client to X-Forwarded-For', () => {
    const headers = forwardedRequestHeaders(
      { 'x-forwarded-for': '198.51.100.1', 'x-request-id': 'client' },
      forwarding,
    );
    expect(headers['x-request-id']).toBe('req-1');
    expect(headers['x-forwarded-for']).toBe('198.51.100.1, 203.0.113.9');
    expect(headers['x-forwarded-proto']).toBe('https');
    expect(headers['x-forwarded-host']).toBe('shop.example');
  });

  it('carries the active span as W3C trace context', () => {
    const spanContext = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    };
    const active = trace.setSpanContext(ROOT_CONTEXT, spanContext);
    const headers = context.with(active, () => forwardedRequestHeaders({}, forwarding));
    expect(headers.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  });
});
