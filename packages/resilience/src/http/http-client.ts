import { Agent, type Dispatcher, request } from 'undici';
import { createPolicy } from '../create-policy.ts';
import type { Policy } from '../policy.ts';
import { HttpStatusError } from './http-status-error.ts';
import { isRetrySafe } from './idempotency.ts';
import { outgoingHeaders } from './outgoing-headers.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** A 2xx/3xx response with the typed body, or a 4xx whose body (often a problem+json) is unknown. */
export type HttpResponse<T> =
  | { ok: true; status: number; headers: ResponseHeaders; body: T }
  | { ok: false; status: number; headers: ResponseHeaders; body: unknown };

export interface RequestOptions<T> {
  method: HttpMethod;
  /** Path and query relative to the client's base URL, e.g. `/products/42?fields=price`. */
  path: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Overrides the client's request id source for this call. */
  requestId?: string;
  /** Cancels the call, queued, sleeping or in flight. */
  signal?: AbortSignal;
  /** Validates a successful body; without it the parsed JSON is trusted to be a `T`. */
  parse?: (body: unknown) => T;
}

export type JsonRequestOptions<T> = Omit<RequestOptions<T>, 'method' | 'path' | 'json'>;

export interface HttpClientOptions {
  /** Origin (and optional path prefix) of the upstream service, e.g. `http://inventory:3003`. */
  baseUrl: string;
  /**
   * The resilience policy every call runs under. Default: {@link defaultHttpPolicy} for the
   * base URL. It must not contain a fallback: a substitute value would not be an HTTP response.
   */
  policy?: Policy;
  /** The request id of the work in progress (from the incoming request's context). */
  requestId?: () => string | undefined;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
  /** Connection pool to use; the client then leaves closing it to the owner. */
  dispatcher?: Dispatcher;
}

export interface HttpClient {
  request<T = unknown>(options: RequestOptions<T>): Promise<HttpResponse<T>>;
  getJson<T = unknown>(path: string, options?: JsonRequestOptions<T>): Promise<HttpResponse<T>>;
  postJson<T = unknown>(
    path: string,
    body: unknown,
    options?: JsonRequestOptions<T>,
  ): Promise<HttpResponse<T>>;
  putJson<T = unknown>(
    path: string,
    body: unknown,
    options?: JsonRequestOptions<T>,
  ): Promise<HttpResponse<T>>;
  deleteJson<T = unknown>(path: string, options?: JsonRequestOptions<T>): Promise<HttpResponse<T>>;
  /** Closes the client's own connection pool and releases its policy's timers. */
  close(): Promise<void>;
}

/**
 * A policy suited to calls between services: 2 s per attempt, 3 attempts with full-jitter
 * back-off (50 ms base, 1 s cap), and a circuit that opens when more than half of at least 10
 * calls in 10 s failed, trying again after 5 s.
 */
export function defaultHttpPolicy(name: string) {
  return createPolicy({
    timeout: { timeoutMs: 2_000 },
    retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 1_000 },
    breaker: { name, volumeThreshold: 10, errorThresholdPercentage: 50, resetTimeoutMs: 5_000 },
  });
}

/**
 * A client for one upstream service. Each call runs under the policy; 5xx answers are thrown
 * inside it as {@link HttpStatusError} (so they trip the circuit and are retried when the
 * status is retryable) while 4xx answers come back as results. Only requests that are safe
 * to repeat are retried.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? new Agent();
  const ownsPolicy = options.policy === undefined;
  const policy = options.policy ?? defaultHttpPolicy(new URL(baseUrl).host);

  async function send<T>(call: RequestOptions<T>): Promise<HttpResponse<T>> {
    const url = `${baseUrl}${call.path.startsWith('/') ? '' : '/'}${call.path}`;
    const headers = outgoingHeaders(
      { ...options.headers, ...call.headers },
      call.requestId ?? options.requestId?.(),
    );
    headers.accept ??= 'application/json';
    let body: string | undefined;
    if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers['content-type'] ??= 'application/json';
    }

    return policy.execute(
      async (signal) => {
        const response = await request(url, {
          method: call.method,
          headers,
          body,
          signal,
          dispatcher,
        });
        const parsed = await readBody(response);
        if (response.statusCode >= 500) {
          throw new HttpStatusError({
            status: response.statusCode,
            method: call.method,
            url,
            body: parsed,
          });
        }
        if (response.statusCode >= 400) {
          return {
            ok: false,
            status: response.statusCode,
            headers: response.headers,
            body: parsed,
          };
        }
        return {
          ok: true,
          status: response.statusCode,
          headers: response.headers,
          body: call.parse ? call.parse(parsed) : (parsed as T),
        };
      },
      { signal: call.signal, retry: isRetrySafe(call.method, headers) },
    );
  }

  return {
    request: send,
    getJson: (path, rest) => send({ ...rest, method: 'GET', path }),
    postJson: (path, json, rest) => send({ ...rest, method: 'POST', path, json }),
    putJson: (path, json, rest) => send({ ...rest, method: 'PUT', path, json }),
    deleteJson: (path, rest) => send({ ...rest, method: 'DELETE', path }),
    async close() {
      if (ownsPolicy) (policy as ReturnType<typeof defaultHttpPolicy>).shutdown();
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}

async function readBody(response: Dispatcher.ResponseData): Promise<unknown> {
  const text = await response.body.text();
  if (text === '') return undefined;
  const contentType = String(response.headers['content-type'] ?? '');
  if (!/[/+]json\b/.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    // A body that claims to be JSON but is not is kept as text rather than hiding the answer.
    return text;
  }
}
