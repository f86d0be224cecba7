import type { IncomingHttpHeaders } from 'node:http';
import { CircuitOpenError } from '@ecommerce/resilience';
import { isRetrySafe } from '@ecommerce/resilience/http';
import { problem, serviceUnavailable } from '@ecommerce/service-kit';
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
  /** Time an instance has to start answering, per attempt. */
  timeoutMs: number;
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
) => Promise<FastifyReply>;

/**
 * Sends the request to one instance of the pool under that instance's circuit breaker; a
 * request that is safe to repeat (idempotent method or Idempotency-Key) is tried once more on
 * another instance when the first could not be reached or answered 502, 503 or 504. The
 * upstream's own response is relayed as it is, errors included; the gateway speaks for itself
 * only when no instance answered.
 */
export function createForwarder(options: ForwardOptions): Forward {
  return async function forward(request, reply, pool, path) {
    const headers = request.headers as Record<string, string>;
    const maxAttempts = isRetrySafe(request.method, headers) ? 2 : 1;
    const initialHeaders = { ...reply.getHeaders() };
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
          attempt(request, reply, instance, path, options.timeoutMs),
        );
        if (options.exposeInstance) reply.header('x-upstream-instance', instance.url);
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
}

function attempt(
  request: FastifyRequest,
  reply: FastifyReply,
  instance: UpstreamInstance,
  path: string,
  timeoutMs: number,
): Promise<UpstreamResponse> {
  instance.outstanding++;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    instance.outstanding--;
  };
  return new Promise<UpstreamResponse>((resolve, reject) => {
    const body = request.body;
    const contentType = request.headers['content-type'];
    try {
      reply.from(path, {
        getUpstream: () => instance.url,
        timeout: timeoutMs,
        // Retries are decided here, on another instance; never by reply-from on the same one.
        retryDelay: () => null,
        // The body was read as bytes (so a retry can send it again) and goes on unchanged.
        ...(Buffer.isBuffer(body)
          ? body.length > 0
            ? { body, contentType: contentType ?? 'application/octet-stream' }
            : { body: null }
          : {}),
        rewriteRequestHeaders: (req, outgoing) =>
          forwardedRequestHeaders(outgoing as IncomingHttpHeaders, {
            requestId: req.id,
            clientIp: req.ip,
            protocol: req.protocol,
            host: req.headers.host,
          }),
        onResponse: (_req, _reply, response) => {
          response.stream.once('close', finish);
          const upstream = { statusCode: response.statusCode, stream: response.stream };
          if (response.statusCode >= 500) reject(new UpstreamStatusError(upstream));
          else resolve(upstream);
        },
        onError: (_reply, { error }) => {
          finish();
          reject(error);
        },
      });
    } catch (error) {
      finish();
      reject(error);
    }
  });
}

function restoreHeaders(reply: FastifyReply, initial: Record<string, unknown>) {
  for (const name of Object.keys(reply.getHeaders())) {
    if (!(name in initial)) reply.removeHeader(name);
  }
  for (const [name, value] of Object.entries(initial)) {
    if (value !== undefined) reply.header(name, value);
  }
}
