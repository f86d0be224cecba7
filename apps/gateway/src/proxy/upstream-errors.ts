import type { Readable } from 'node:stream';

/** The part of an upstream response the gateway relays. */
export interface UpstreamResponse {
  statusCode: number;
  stream: Readable;
}

/** A 5xx from an instance: counts against its circuit; relayed to the client if it is the last word. */
export class UpstreamStatusError extends Error {
  readonly response: UpstreamResponse;

  constructor(response: UpstreamResponse) {
    super(`upstream answered ${response.statusCode}`);
    this.name = 'UpstreamStatusError';
    this.response = response;
  }

  get status(): number {
    return this.response.statusCode;
  }

  /** Frees the connection when the response will not be relayed. */
  discard(): void {
    this.response.stream.resume();
  }
}

/** Statuses that say "this instance cannot serve now": another instance may. */
export const retryableStatuses: ReadonlySet<number> = new Set([502, 503, 504]);

const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** True when the request never got an answer because the connection failed (not a timeout). */
export function isConnectionFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && connectionErrorCodes.has(code)) return true;
    current = current.cause;
  }
  return false;
}

/** True for reply-from's and undici's "no answer in time". */
export function isTimeout(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (
      code === 'FST_REPLY_FROM_GATEWAY_TIMEOUT' ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT' ||
      current.name === 'TimeoutError'
    ) {
      return true;
    }
    current = current.cause;
  }
  return false;
}
