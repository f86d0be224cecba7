import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface StreamingUpstream {
  url: string;
  /** Headers of the last stream or socket opened. */
  lastHeaders(): IncomingHttpHeaders | undefined;
  /** Sends one Server-Sent Event to every open stream. */
  sendEvent(data: string): void;
  /** Ends every open stream. */
  endStreams(): void;
  close(): Promise<void>;
}

/**
 * A service that streams: `GET /orders/:id/events` is a Server-Sent Events stream that sends
 * what the test tells it to, when it tells it to; `/orders/:id/live` is a WebSocket that
 * greets with the headers it was opened with and echoes every message.
 */
export async function startStreamingUpstream(): Promise<StreamingUpstream> {
  let headers: IncomingHttpHeaders | undefined;
  const streams = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer((req, res) => {
    if (req.url === '/health/ready') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"status":"ok"}');
    }
    if (req.url === '/openapi.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"openapi":"3.1.0","info":{"title":"order-service"},"paths":{}}');
    }
    headers = req.headers;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    streams.add(res);
    res.on('close', () => streams.delete(res));
  });
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', (socket, request) => {
    headers = request.headers;
    socket.send(JSON.stringify({ url: request.url, headers: request.headers }));
    socket.on('message', (data) => socket.send(`echo: ${String(data)}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lastHeaders: () => headers,
    sendEvent(data) {
      for (const stream of streams) stream.write(`data: ${data}\n\n`);
    },
    endStreams() {
      for (const stream of streams) stream.end();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets.clients) socket.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
