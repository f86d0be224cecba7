import { Redis } from 'ioredis';

export interface RegistryConnectionOptions {
  /** Prepended to every key, so environments (or test files) can share one Redis. */
  keyPrefix?: string;
}

/**
 * A Redis client for the registry that does not hold a service up for long: a command waits
 * for at most one reconnection attempt before it fails, and reconnecting goes on meanwhile.
 */
export function connectRegistry(url: string, options: RegistryConnectionOptions = {}): Redis {
  return new Redis(url, {
    keyPrefix: options.keyPrefix ?? '',
    maxRetriesPerRequest: 1,
  });
}
