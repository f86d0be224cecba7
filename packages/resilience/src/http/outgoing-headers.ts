import { randomUUID } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Headers for an outgoing call: the caller's own, a request id that ties the call to the
 * request that caused it, and the W3C trace context (traceparent, tracestate) of the active
 * span through whatever propagator the process registered.
 */
export function outgoingHeaders(
  base: Record<string, string>,
  requestId: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) headers[name.toLowerCase()] = value;
  headers[REQUEST_ID_HEADER] ??= requestId ?? randomUUID();
  propagation.inject(context.active(), headers);
  return headers;
}
