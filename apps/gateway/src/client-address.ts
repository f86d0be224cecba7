import type { FastifyRequest } from 'fastify';

/**
 * The client's address: the socket's, or with `trustedHops` proxies in front of the gateway
 * (load balancer, ingress), the X-Forwarded-For entry the outermost trusted proxy added.
 * Entries further left are the client's own claims and are never used.
 */
export function clientAddress(request: FastifyRequest, trustedHops: number): string {
  if (trustedHops === 0) return request.ip;
  const header = request.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries[entries.length - trustedHops] ?? entries[0] ?? request.ip;
}
