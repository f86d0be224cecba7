import { instanceKey, serviceIndexKey } from './keys.ts';
import type { InstanceRecord, RegistryRedis } from './types.ts';

/**
 * The instances of a service whose records have not expired. Index entries whose record has
 * expired (a crashed instance) are pruned on the way.
 */
export async function listInstances(
  redis: RegistryRedis,
  service: string,
): Promise<InstanceRecord[]> {
  const ids = await redis.smembers(serviceIndexKey(service));
  if (ids.length === 0) return [];
  const values = await redis.mget(...ids.map((id) => instanceKey(service, id)));
  const live: InstanceRecord[] = [];
  const expired: string[] = [];
  values.forEach((value, index) => {
    const id = ids[index] as string;
    const record = value === null ? undefined : parseRecord(value);
    if (record) live.push(record);
    else expired.push(id);
  });
  if (expired.length > 0) await redis.srem(serviceIndexKey(service), ...expired);
  return live.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}

function parseRecord(value: string): InstanceRecord | undefined {
  try {
    const parsed = JSON.parse(value) as Partial<InstanceRecord>;
    if (typeof parsed.url !== 'string' || typeof parsed.instanceId !== 'string') return undefined;
    return parsed as InstanceRecord;
  } catch {
    return undefined;
  }
}
