import type { IncomingHttpHeaders } from 'node:http';
import { context, propagation } from '@opentelemetry/api';

// Headers that would claim an identity. Services never read them (they verify the token), but
// nothing a client sends under these names may reach them looking as if the edge had set it.
const identityHeader = /^x-(user|authenticated)(-|$)/;

export interface ForwardingContext {
  requestId: string;
  clientIp: string;
  /** `http` or `https`, as the client reached the gateway. */
  protocol: string;
  /** The Host the client used. */
  host: string | undefined;
}

/**
 * The headers sent upstream: the client's, minus identity claims, plus the request id, the
 * W3C trace context of the gateway's span, and the usual X-Forwarded-* headers. The
 * Authorization header is kept: services verify the token themselves.
 */
export function forwardedRequestHeaders(
  headers: IncomingHttpHeaders,
  forwarding: ForwardingContext,
): IncomingHttpHeaders {
  for (const name in headers) {
    // Most names do not start with `x-`: skip the pattern for them.
    if (name.charCodeAt(0) === 120 && name.charCodeAt(1) === 45 && identityHeader.test(name)) {
      delete headers[name];
    }
  }
  headers['x-request-id'] = forwarding.requestId;
  const forwardedFor = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor
    ? `${forwardedFor}, ${forwarding.clientIp}`
    : forwarding.clientIp;
  headers['x-forwarded-proto'] = forwarding.protocol;
  if (forwarding.host) headers['x-forwarded-host'] = forwarding.host;
  // Replaces a client's traceparent with the gateway's span, a child of it when it was valid.
  propagation.inject(context.active(), headers);
  return headers;
}
