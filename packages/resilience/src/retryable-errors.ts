import { TimeoutError } from './errors.ts';

/** Error codes of connection-level failures that a fresh attempt may not meet again. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * HTTP statuses that say "try again later": the upstream or a proxy in front of it is
 * overloaded, restarting or unreachable. Other 5xx (a 500 is usually a bug) and every other
 * 4xx would fail the same way again.
 */
export const RETRYABLE_HTTP_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

function statusOf(error: object): number | undefined {
  const status =
    (error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The default retry predicate: timeouts, transient network errors (also when wrapped as an
 * error's `cause`, as fetch does) and errors carrying HTTP status 429, 502, 503 or 504.
 */
export function isRetryableError(error: unknown): boolean {
  for (let current = error, depth = 0; depth < 5; depth++) {
    if (typeof current !== 'object' || current === null) return false;
    if (current instanceof TimeoutError) return true;
    const status = statusOf(current);
    if (status !== undefined) return RETRYABLE_HTTP_STATUSES.has(status);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
