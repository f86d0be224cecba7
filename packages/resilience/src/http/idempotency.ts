/** Methods that RFC 9110 defines as idempotent: repeating them has the effect of sending once. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * Whether a request may be sent again after a failure whose effect is unknown: idempotent
 * methods always, others only when an Idempotency-Key lets the server recognise the repeat.
 */
export function isRetrySafe(method: string, headers: Record<string, string>): boolean {
  if (IDEMPOTENT_METHODS.has(method.toUpperCase())) return true;
  return Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key');
}
