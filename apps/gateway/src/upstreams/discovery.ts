import { listInstances, type RegistryRedis } from '@ecommerce/registry';
import type { FastifyBaseLogger } from 'fastify';
import type { UpstreamPool } from './upstream-pool.ts';

export interface DiscoveryOptions {
  pools: readonly UpstreamPool[];
  /** Per service, the URLs used when the registry has no live instance of it (or is off). */
  staticUrls: Readonly<Record<string, readonly string[]>>;
  registry?: RegistryRedis;
  intervalMs: number;
  log: FastifyBaseLogger;
}

export interface Discovery {
  /** Reads the registry once and updates every pool. */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Keeps each pool's instances in step with the registry, polling every `intervalMs`. A
 * service with no live registered instance uses its static URLs, so the gateway works with
 * no registry at all (compose, Kubernetes DNS) and while one is being rolled out. When the
 * registry cannot be read, pools keep their last known instances.
 */
export function startDiscovery(options: DiscoveryOptions): Discovery {
  const { pools, staticUrls, registry, log } = options;
  let stopped = false;

  const refreshPool = async (pool: UpstreamPool) => {
    const registered = registry ? await listInstances(registry, pool.service) : [];
    const urls =
      registered.length > 0
        ? registered.map((instance) => instance.url)
        : (staticUrls[pool.service] ?? []);
    const before = pool.instances.map((instance) => instance.url).join(',');
    pool.replace(urls);
    const after = pool.instances.map((instance) => instance.url).join(',');
    if (before !== after) {
      log.info(
        {
          service: pool.service,
          instances: urls,
          source: registered.length > 0 ? 'registry' : 'static',
        },
        'upstream instances changed',
      );
    }
  };

  const refresh = async () => {
    const results = await Promise.allSettled(pools.map(refreshPool));
    for (const result of results) {
      if (result.status === 'rejected') {
        log.warn({ err: result.reason }, 'could not read the service registry');
      }
    }
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void refresh().finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();

  return {
    refresh,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
