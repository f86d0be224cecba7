/** What an instance publishes about itself. */
export interface InstanceRecord {
  service: string;
  instanceId: string;
  /** Where the instance answers, e.g. `http://10.0.0.7:3002`. */
  url: string;
  /** ISO timestamp of registration. */
  startedAt: string;
}

/**
 * The ioredis commands the registry uses; an ioredis `Redis` (with or without `keyPrefix`)
 * fits. Several services or test files can share one Redis through the client's key prefix.
 */
export interface RegistryRedis {
  set(key: string, value: string, mode: 'PX', milliseconds: number): Promise<unknown>;
  sadd(key: string, ...members: string[]): Promise<unknown>;
  srem(key: string, ...members: string[]): Promise<unknown>;
  smembers(key: string): Promise<string[]>;
  mget(...keys: string[]): Promise<(string | null)[]>;
  del(...keys: string[]): Promise<unknown>;
}
