/**
 * Key layout. An instance's record expires unless its heartbeat renews it; the per-service set
 * is an index so listing never SCANs the keyspace (which also holds rate-limit counters, caches).
 */
export function instanceKey(service: string, instanceId: string): string {
  return `registry:${service}:${instanceId}`;
}

export function serviceIndexKey(service: string): string {
  return `registry:${service}`;
}
