import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface UpstreamServer {
  url: string;
  received: ReceivedRequest[];
  /** Status every request (but health and docs) gets from now on; 200 echoes the request. */
  answerWith(status: number): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server standing in for a service: it records what reached it, answers with
 * an echo of the request (or a chosen status), and serves health, OpenAPI and a key set.
 */
export async function startUpstreamServer(
  name: string,
  extras: { jwks?: unknown; openapi?: unknown } = {},
): Promise<UpstreamServer> {
  const received: ReceivedRequest[] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const json = (code: number, value: unknown, type = 'application/json') => {
        res.writeHead(code, { 'content-type': type });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/health/ready') return json(200, { status: 'ok' });
      if (req.url === '/openapi.json') {
        return json(200, extras.openapi ?? { openapi: '3.1.0', info: { title: name }, paths: {} });
      }
      if (req.url === '/.well-known/jwks.json' && extras.jwks) return json(200, extras.jwks);
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (status !== 200) {
        return json(status, { status, title: 'upstream says no' }, 'application/problem+json');
      }
      json(200, { service: name, method: req.method, url: req.url, headers: req.headers, body });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith(code) {
      status = code;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
