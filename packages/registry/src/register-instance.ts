import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { instanceKey, serviceIndexKey } from './keys.ts';
import type { InstanceRecord, RegistryRedis } from './types.ts';

export interface RegisterInstanceOptions {
  redis: RegistryRedis;
  service: string;
  url: string;
  /** Default `<hostname>-<pid>-<random>`: unique even for several instances on one host. */
  instanceId?: string;
  /** How long the record lives without a heartbeat. Default 10 000 ms. */
  ttlMs?: number;
  /** How often the record is renewed. Default 3 000 ms (three beats fit in one TTL). */
  heartbeatMs?: number;
  /** A beat (the first included) that failed; the next one retries. Default: ignored. */
  onHeartbeatError?: (error: unknown) => void;
}

export interface Registration {
  readonly record: InstanceRecord;
  /** Stops the heartbeat and removes the record, so traffic stops before the instance closes. */
  deregister(): Promise<void>;
}

export function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/**
 * Publishes the instance and renews it every `heartbeatMs`; never rejects for Redis errors. A crashed instance stops renewing
 * and drops out of the registry within `ttlMs`; a clean shutdown deregisters at once.
 */
export async function registerInstance(options: RegisterInstanceOptions): Promise<Registration> {
  const { redis, service } = options;
  const ttlMs = options.ttlMs ?? 10_000;
  const heartbeatMs = options.heartbeatMs ?? 3_000;
  if (heartbeatMs >= ttlMs) throw new RangeError('heartbeatMs must be shorter than ttlMs');
  const record: InstanceRecord = {
    service,
    instanceId: options.instanceId ?? defaultInstanceId(),
    url: options.url.replace(/\/+$/, ''),
    startedAt: new Date().toISOString(),
  };
  const key = instanceKey(service, record.instanceId);
  const value = JSON.stringify(record);

  // The index entry is re-added on every beat, so a reader that pruned it while Redis was
  // briefly unreachable from this instance gets it back.
  const publish = async () => {
    await redis.set(key, value, 'PX', ttlMs);
    await redis.sadd(serviceIndexKey(service), record.instanceId);
  };
  let stopped = false;
  const beat = () =>
    publish().catch((error: unknown) => {
      if (!stopped) options.onHeartbeatError?.(error);
    });
  // A registry that is down at start does not stop the instance from serving: it appears as
  // soon as a later beat gets through.
  await beat();
  const timer = setInterval(beat, heartbeatMs);
  timer.unref();

  return {
    record,
    async deregister() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await redis.del(key);
      await redis.srem(serviceIndexKey(service), record.instanceId);
    },
  };
}
