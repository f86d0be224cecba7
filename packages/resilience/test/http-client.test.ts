import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  context,
  createTraceState,
  propagation,
  ROOT_CONTEXT,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPolicy, type ResiliencePolicy } from '../src/create-policy.ts';
import { CircuitOpenError, TimeoutError } from '../src/errors.ts';
import { createHttpClient, type HttpClient } from '../src/http/http-client.ts';
import { HttpStatusError } from '../src/http/http-status-error.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let baseUrl: string;
let seen: Seen[];
let failuresBeforeSuccess: number;
let abortedBySender: Promise<void>;
let markAborted: () => void;

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    switch (req.url) {
      case '/echo':
        return reply(res, 200, { method: req.method, body: body === '' ? null : JSON.parse(body) });
      case '/flaky':
        if (failuresBeforeSuccess-- > 0) return reply(res, 503, { title: 'Service Unavailable' });
        return reply(res, 200, { recovered: true });
      case '/broken':
        return reply(res, 503, { title: 'Service Unavailable' });
      case '/missing':
        res.writeHead(404, { 'content-type': 'application/problem+json' });
        return res.end(JSON.stringify({ title: 'Not Found', status: 404 }));
      case '/slow':
        // Never answers; the client's timeout must abort the request and close the socket.
        res.on('close', () => markAborted());
        return;
      default:
        return reply(res, 500, { title: 'unexpected path' });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
  propagation.disable();
  context.disable();
});

let policy: ResiliencePolicy;
let client: HttpClient;

beforeEach(() => {
  seen = [];
  failuresBeforeSuccess = 0;
  abortedBySender = new Promise((resolve) => {
    markAborted = resolve;
  });
  policy = createPolicy({
    timeout: { timeoutMs: 5_000 },
    // A zero back-off keeps the suite fast; the delays themselves are unit tested.
    retry: { maxAttempts: 3, random: () => 0 },
    breaker: { name: 'upstream', volumeThreshold: 3, resetTimeoutMs: 60_000 },
  });
  client = createHttpClient({ baseUrl, policy, requestId: () => 'req-from-context' });
});

afterEach(async () => {
  await client.close();
  policy.shutdown();
});

describe('HTTP client headers', () => {
  it('propagates the request id and the active span as traceparent and tracestate', async () => {
    const spanContext = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
      traceState: createTraceState('shop=checkout'),
      isRemote: true,
    };
    const response = await context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), () =>
      client.getJson<{ method: string }>('/echo'),
    );

    expect(response).toMatchObject({ ok: true, status: 200, body: { method: 'GET' } });
    const headers = seen[0]?.headers;
    expect(headers?.['x-request-id']).toBe('req-from-context');
    expect(headers?.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(headers?.tracestate).toBe('shop=checkout');
    expect(headers?.accept).toBe('application/json');
  });

  it('sends no traceparent without an active span, and generates a request id when none is known', async () => {
    const anonymous = createHttpClient({ baseUrl, policy });
    try {
      await anonymous.getJson('/echo');
      await anonymous.getJson('/echo', { requestId: 'explicit-id' });
    } finally {
      await anonymous.close();
    }
    expect(seen[0]?.headers.traceparent).toBeUndefined();
    expect(seen[0]?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1]?.headers['x-request-id']).toBe('explicit-id');
  });

  it('sends JSON bodies with their content type', async () => {
    const response = await client.postJson<{ body: unknown }>('/echo', { sku: 'A-1', qty: 2 });
    expect(response).toMatchObject({ ok: true, body: { body: { sku: 'A-1', qty: 2 } } });
    expect(seen[0]?.headers['content-type']).toBe('application/json');
  });
});

describe('HTTP client resilience', () => {
  it('retries an idempotent GET after a 503 and returns the recovered answer', async () => {
    failuresBeforeSuccess = 1;
    const response = await client.getJson<{ recovered: boolean }>('/flaky');
    expect(response).toMatchObject({ ok: true, status: 200, body: { recovered: true } });
    expect(seen.map((request) => request.method)).toEqual(['GET', 'GET']);
    // Every attempt belongs to the same request.
    expect(new Set(seen.map((request) => request.headers['x-request-id']))).toEqual(
      new Set(['req-from-context']),
    );
  });

  it('does not retry a POST after a 503', async () => {
    failuresBeforeSuccess = 1;
    const error = await client.postJson('/flaky', { order: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({
      status: 503,
      method: 'POST',
      body: { title: 'Service Unavailable' },
    });
    expect(seen).toHaveLength(1);
  });

  it('retries a POST that carries an Idempotency-Key', async () => {
    failuresBeforeSuccess = 1;
    const response = await client.postJson(
      '/flaky',
      { order: 1 },
      { headers: { 'Idempotency-Key': 'order-1' } },
    );
    expect(response.ok).toBe(true);
    expect(seen).toHaveLength(2);
    expect(seen[1]?.headers['idempotency-key']).toBe('order-1');
  });

  it('returns a 4xx as a result: not retried, not counted against the circuit', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await client.getJson('/missing');
      expect(response).toEqual({
        ok: false,
        status: 404,
        headers: expect.any(Object),
        body: { title: 'Not Found', status: 404 },
      });
    }
    expect(seen).toHaveLength(5);
    expect(policy.breaker?.state).toBe('closed');
  });

  it('opens the circuit after repeated 5xx and then stops calling the upstream', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(client.getJson('/broken')).rejects.toBeInstanceOf(HttpStatusError);
    }
    // Three calls, each retried up to three attempts.
    expect(seen).toHaveLength(9);
    expect(policy.breaker?.state).toBe('open');

    await expect(client.getJson('/broken')).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(client.getJson('/echo')).rejects.toBeInstanceOf(CircuitOpenError);
    expect(seen).toHaveLength(9);
  });

  it('cancels the request, without retrying, when the caller aborts', async () => {
    const caller = new AbortController();
    const pending = client.getJson('/slow', { signal: caller.signal });
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    caller.abort(new Error('client disconnected'));
    await expect(pending).rejects.toThrow('client disconnected');
    await abortedBySender;
    expect(seen).toHaveLength(1);
  });

  it('aborts the in-flight request when an attempt times out', async () => {
    const impatient = createPolicy({ timeout: { timeoutMs: 100 } });
    const slowClient = createHttpClient({ baseUrl, policy: impatient });
    try {
      await expect(slowClient.getJson('/slow')).rejects.toBeInstanceOf(TimeoutError);
      // The server sees the connection go away: the request was cancelled, not left running.
      await abortedBySender;
      expect(seen).toHaveLength(1);
    } finally {
      await slowClient.close();
    }
  });
});
