import type { IncomingHttpHeaders } from 'node:http';
import { CircuitOpenError } from '@ecommerce/resilience';
import { isRetrySafe } from '@ecommerce/resilience/http';
import { problem, serviceUnavailable } from '@ecommerce/service-kit';
import type { FastifyReplyFromHooks } from '@fastify/reply-from';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UpstreamInstance, UpstreamPool } from '../upstreams/upstream-pool.ts';
import { forwardedRequestHeaders } from './forwarded-headers.ts';
import {
  isConnectionFailure,
  isTimeout,
  retryableStatuses,
  type UpstreamResponse,
  UpstreamStatusError,
} from './upstream-errors.ts';

export interface ForwardOptions {
  /** Sent as Retry-After when no instance can take the request. */
  unavailableRetryAfterSeconds: number;
  /** Adds `x-upstream-instance` to responses (development and tests). */
  exposeInstance: boolean;
}

export type Forward = (
  request: FastifyRequest,
  reply: FastifyReply,
  pool: UpstreamPool,
  path: string,
  /** The options @fastify/http-proxy hands its handler: these hooks plus its own. */
  replyOptions: FastifyReplyFromHooks,
) => Promise<FastifyReply>;

export interface Forwarder {
  /** Given once to every @fastify/http-proxy route as its `replyOptions`. */
  replyOptions: FastifyReplyFromHooks;
  forward: Forward;
}

/** One attempt of a request on one instance, settled by reply-from's hooks. */
interface Attempt {
  instance: UpstreamInstance;
  resolve(response: UpstreamResponse): void;
  reject(error: unknown): void;
  finish(): void;
}

const currentAttempt = Symbol('gateway.currentAttempt');
type AttemptingRequest = FastifyRequest & { [currentAttempt]?: Attempt };

// reply-from types its hooks' request for any server (HTTP/2 too); the gateway's is HTTP/1.
function attemptOf(request: object): Attempt {
  const attempt = (request as AttemptingRequest)[currentAttempt];
  if (!attempt) throw new Error('proxied request without an upstream attempt');
  return attempt;
}

/**
 * Sends the request to one instance of the pool under that instance's circuit breaker; a
 * request that is safe to repeat (idempotent method or Idempotency-Key) is tried once more on
 * another instance when the first could not be reached or answered 502, 503 or 504. The
 * upstream's own response is relayed as it is, errors included; the gateway speaks for itself
 * only when no instance answered.
 *
 * The hooks are one shared object (no per-request closures): `getUpstream` and the
 * response hooks find the attempt in flight on the request.
 */
export function createForwarder(options: ForwardOptions): Forwarder {
  const replyOptions: FastifyReplyFromHooks = {
    getUpstream: (request) => attemptOf(request).instance.url,
    // Retries are decided here, on another instance; never by reply-from on the same one.
    retryDelay: () => null,
    rewriteRequestHeaders: (request, outgoing) =>
      forwardedRequestHeaders(outgoing as IncomingHttpHeaders, {
        requestId: request.id,
        clientIp: request.ip,
        protocol: request.protocol,
        host: request.headers.host,
      }),
    onResponse: (request, _reply, response) => {
      const attempt = attemptOf(request);
      response.stream.once('close', attempt.finish);
      const upstream = { statusCode: response.statusCode, stream: response.stream };
      if (response.statusCode >= 500) attempt.reject(new UpstreamStatusError(upstream));
      else attempt.resolve(upstream);
    },
    onError: (reply, { error }) => {
      const attempt = attemptOf(reply.request);
      attempt.finish();
      attempt.reject(error);
    },
  };

  const forward: Forward = async (request, reply, pool, path, hooks) => {
    const maxAttempts = isRetrySafe(request.method, request.headers as Record<string, string>)
      ? 2
      : 1;
    // A copy already (Fastify merges the raw response's headers and its own into a new object).
    const initialHeaders = reply.getHeaders();
    const tried = new Set<UpstreamInstance>();
    let attempts = 0;
    let lastStatus: UpstreamStatusError | undefined;
    let lastError: unknown;

    while (attempts < maxAttempts) {
      const instance = pool.pick(tried);
      if (!instance) break;
      tried.add(instance);
      if (lastStatus) {
        // The earlier instance's status and headers were already copied onto the reply.
        lastStatus.discard();
        lastStatus = undefined;
        restoreHeaders(reply, initialHeaders);
      }
      try {
        const response = await instance.breaker.execute(() =>
          attempt(request, reply, instance, path, hooks),
        );
        if (options.exposeInstance) reply.header('x-upstream-instance', instance.url);
        if (isEventStream(reply)) flushHeadersOnPipe(reply);
        return reply.send(response.stream);
      } catch (error) {
        // The circuit opened since the instance was picked: no request was made.
        if (error instanceof CircuitOpenError) continue;
        attempts++;
        if (error instanceof UpstreamStatusError) {
          lastStatus = error;
          lastError = undefined;
          if (!retryableStatuses.has(error.status)) break;
        } else {
          lastError = error;
          request.log.warn({ err: error, instance: instance.url }, 'upstream request failed');
          if (!isConnectionFailure(error)) break;
        }
      }
    }

    if (lastStatus) {
      if (options.exposeInstance) reply.header('x-upstream-instance', [...tried].at(-1)?.url);
      return reply.send(lastStatus.response.stream);
    }
    if (lastError !== undefined && isTimeout(lastError)) {
      throw problem(504, 'Gateway Timeout', {
        detail: `${pool.service} did not answer in time`,
      });
    }
    reply.header('retry-after', String(options.unavailableRetryAfterSeconds));
    throw serviceUnavailable('Service Unavailable', {
      detail:
        lastError === undefined
          ? `No instance of ${pool.service} can take the request now`
          : `${pool.service} could not be reached`,
    });
  };

  return { replyOptions, forward };
}

function attempt(
  request: FastifyRequest,
  reply: FastifyReply,
  instance: UpstreamInstance,
  path: string,
  hooks: FastifyReplyFromHooks,
): Promise<UpstreamResponse> {
  instance.outstanding++;
  let finished = false;
  return new Promise<UpstreamResponse>((resolve, reject) => {
    const finish = () => {
      if (finished) return;
      finished = true;
      instance.outstanding--;
    };
    (request as AttemptingRequest)[currentAttempt] = { instance, resolve, reject, finish };
    const body = request.body;
    try {
      reply.from(
        path,
        // The body was read as bytes (so a retry can send it again) and goes on unchanged.
        Buffer.isBuffer(body)
          ? body.length > 0
            ? {
                ...hooks,
                body,
                contentType: request.headers['content-type'] ?? 'application/octet-stream',
              }
            : { ...hooks, body: null }
          : hooks,
      );
    } catch (error) {
      finish();
      reject(error);
    }
  });
}

function isEventStream(reply: FastifyReply): boolean {
  const type = reply.getHeader('content-type');
  return typeof type === 'string' && type.startsWith('text/event-stream');
}

/**
 * Fastify writes a streamed response's head with its first chunk; a Server-Sent Events
 * client must see the response open before the first event, which may be minutes away.
 */
function flushHeadersOnPipe(reply: FastifyReply) {
  reply.raw.once('pipe', () => reply.raw.flushHeaders());
}

function restoreHeaders(reply: FastifyReply, initial: Record<string, unknown>) {
  for (const name of Object.keys(reply.getHeaders())) {
    if (!(name in initial)) reply.removeHeader(name);
  }
  for (const [name, value] of Object.entries(initial)) {
    if (value !== undefined) reply.header(name, value);
  }
}
