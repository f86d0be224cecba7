import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { problemContentType } from './errors.ts';

const statusOf: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * Answers a request Node's HTTP parser refused before Fastify saw it (a URL or headers past
 * the size limit, malformed HTTP) with a problem document like every other error, rather
 * than Fastify's own JSON shape.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = statusOf[error.code ?? ''] ?? 400;
  const title = STATUS_CODES[status] ?? 'Bad Request';
  const body = JSON.stringify({
    type: 'about:blank',
    title,
    status,
    detail:
      status === 431 ? 'The URL or the headers are too long' : 'The request is not valid HTTP',
  });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${problemContentType}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
