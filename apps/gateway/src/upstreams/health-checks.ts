import type { FastifyBaseLogger } from 'fastify';
import type { UpstreamInstance, UpstreamPool } from './upstream-pool.ts';

export interface HealthCheckOptions {
  pools: readonly UpstreamPool[];
  intervalMs: number;
  timeoutMs: number;
  log: FastifyBaseLogger;
}

export interface HealthChecks {
  /** Checks every instance once. */
  checkAll(): Promise<void>;
  stop(): void;
}

async function isReady(instance: UpstreamInstance, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(`${instance.url}/health/ready`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Active health checks: every instance's `/health/ready`, every `intervalMs`. An instance
 * that fails is not picked until it passes again; a crashed instance leaves the registry only
 * when its TTL runs out, and this takes it out of rotation sooner.
 */
export function startHealthChecks(options: HealthCheckOptions): HealthChecks {
  const { pools, log } = options;
  let stopped = false;

  const checkAll = async () => {
    const instances = pools.flatMap((pool) => pool.instances);
    await Promise.all(
      instances.map(async (instance) => {
        const healthy = await isReady(instance, options.timeoutMs);
        if (healthy !== instance.healthy) {
          log.warn(
            { service: instance.service, instance: instance.url, healthy },
            'upstream health changed',
          );
        }
        instance.healthy = healthy;
      }),
    );
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void checkAll().finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();

  return {
    checkAll,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
