import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { isolatedInfra } from '@ecommerce/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildGateway, startUpstreams } from './support/gateway.ts';
import { type StreamingUpstream, startStreamingUpstream } from './support/streaming-upstream.ts';

const infra = await isolatedInfra();
const issuer = await createTestTokenIssuer();
const upstreams = await startUpstreams(issuer);
let orders: StreamingUpstream;
let gateway: FastifyInstance;
let base: string;
let token: string;
// Shorter than the pauses between events below: a stream must outlive the time an upstream
// has to start answering.
const upstreamTimeoutMs = 300;

beforeAll(async () => {
  orders = await startStreamingUpstream();
  gateway = await buildGateway(infra, {
    JWKS_URL: `${upstreams['user-service'].url}/.well-known/jwks.json`,
    UPSTREAM_USER_SERVICE: upstreams['user-service'].url,
    UPSTREAM_ORDER_SERVICE: orders.url,
    UPSTREAM_TIMEOUT_MS: String(upstreamTimeoutMs),
  });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  base = `127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
  token = await issuer.token({ userId: '6f1c2a52-0000-4000-8000-000000000002' });
});

afterAll(async () => {
  await gateway.close();
  await orders.close();
  await Promise.all(Object.values(upstreams).map((u) => u.close()));
});

/** Opens an HTTP stream through the gateway and reads it chunk by chunk. */
function openStream(path: string, headers: Record<string, string>) {
  return new Promise<{ response: IncomingMessage; next(): Promise<string> }>((resolve, reject) => {
    const request = httpRequest(`http://${base}${path}`, { headers }, (response) => {
      const chunks: string[] = [];
      const waiting: ((chunk: string) => void)[] = [];
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const waiter = waiting.shift();
        if (waiter) waiter(chunk);
        else chunks.push(chunk);
      });
      response.on('end', () => {
        for (const waiter of waiting.splice(0)) waiter('');
      });
      resolve({
        response,
        next: () =>
          new Promise<string>((take) => {
            const chunk = chunks.shift();
            if (chunk !== undefined) take(chunk);
            else if (response.readableEnded) take('');
            else waiting.push(take);
          }),
      });
    });
    request.on('error', reject);
    request.end();
  });
}

describe('Server-Sent Events', () => {
  it('streams each event as the service sends it, past the upstream timeout, until it ends', async () => {
    const stream = await openStream('/api/orders/o-1/events', {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
    });
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toBe('text/event-stream');
    // Nothing more is sent until the client has the event before: nothing is held back.
    orders.sendEvent('{"status":"PENDING"}');
    expect(await stream.next()).toBe('data: {"status":"PENDING"}\n\n');
    await sleep(upstreamTimeoutMs * 2);
    orders.sendEvent('{"status":"CONFIRMED"}');
    expect(await stream.next()).toBe('data: {"status":"CONFIRMED"}\n\n');
    orders.endStreams();
    expect(await stream.next()).toBe('');
    expect(orders.lastHeaders()?.authorization).toBe(`Bearer ${token}`);
  });

  it('turns a stream without a token away at the edge', async () => {
    const stream = await openStream('/api/orders/o-1/events', { accept: 'text/event-stream' });
    expect(stream.response.statusCode).toBe(401);
    expect(stream.response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('WebSocket', () => {
  const open = (headers: Record<string, string>) =>
    new WebSocket(`ws://${base}/api/orders/o-1/live?since=5`, { headers });

  it('passes a socket through to the service with the forwarded headers, both ways', async () => {
    const socket = open({ authorization: `Bearer ${token}`, 'x-user-id': 'forged' });
    const messages: string[] = [];
    const received = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (messages.length >= count ? resolve() : undefined);
        socket.on('message', (data) => {
          messages.push(String(data));
          check();
        });
      });
    const greeting = received(1);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    await greeting;
    const hello = JSON.parse(messages[0] ?? '{}') as {
      url: string;
      headers: Record<string, string>;
    };
    expect(hello.url).toBe('/orders/o-1/live?since=5');
    expect(hello.headers.authorization).toBe(`Bearer ${token}`);
    expect(hello.headers['x-request-id']).toBeTruthy();
    expect(hello.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(hello.headers['x-user-id']).toBeUndefined();
    const echoed = received(2);
    socket.send('ping from the client');
    await echoed;
    expect(messages[1]).toBe('echo: ping from the client');
    socket.close();
  });

  it('refuses the upgrade without a token with 401', async () => {
    const socket = open({});
    const status = await new Promise<number>((resolve, reject) => {
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => reject(new Error('the socket opened without a token')));
      socket.once('error', () => {});
    });
    expect(status).toBe(401);
  });
});
