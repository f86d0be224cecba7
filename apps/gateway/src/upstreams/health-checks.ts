import type { FastifyBaseLogger } from 'fastify';
import { Agent, type Dispatcher, request } from 'undici';
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

async function isReady(
  instance: UpstreamInstance,
  timeoutMs: number,
  dispatcher: Dispatcher,
): Promise<boolean> {
  try {
    const response = await request(`${instance.url}/health/ready`, {
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await response.body.dump();
    return response.statusCode >= 200 && response.statusCode < 300;
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
  // A kept-alive connection per instance of their own: checks do not open a connection each
  // time, and never wait in line behind proxied requests on a busy instance's pool.
  const dispatcher = new Agent({ connections: 1, keepAliveTimeout: options.intervalMs * 3 });

  const checkAll = async () => {
    const instances = pools.flatMap((pool) => pool.instances);
    await Promise.all(
      instances.map(async (instance) => {
        const healthy = await isReady(instance, options.timeoutMs, dispatcher);
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
      void dispatcher.close();
    },
  };
}
