import type { ServiceApp } from '@ecommerce/service-kit';
import { Redis } from 'ioredis';

export interface RedisSettings {
  url: string;
  keyPrefix: string;
  commandTimeoutMs: number;
}

/**
 * A Redis client for a cache that must never make a read fail or wait: while Redis is
 * unreachable, commands fail at once (no offline queue, no per-command retries) and the
 * caller reads Postgres; the client keeps reconnecting in the background.
 */
export function createCacheRedis(settings: RedisSettings, log: ServiceApp['log']): Redis {
  const redis = new Redis(settings.url, {
    keyPrefix: settings.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
  let reportedDown = false;
  // Without a listener ioredis would print every failed reconnect; one line per outage is enough.
  redis.on('error', (error: Error) => {
    if (reportedDown) return;
    reportedDown = true;
    log.warn({ err: error }, 'Redis unavailable; reads go to Postgres until it is back');
  });
  redis.on('ready', () => {
    if (reportedDown) log.info('Redis available again');
    reportedDown = false;
  });
  return redis;
}

/** quit() waits for a reply that never comes from a server that is down. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}
