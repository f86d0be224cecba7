import type { FastifyBaseLogger } from 'fastify';
import { proxyRoutes, type UpstreamService } from '../routing/route-table.ts';
import type { UpstreamPool } from '../upstreams/upstream-pool.ts';
import { mergeOpenApi, type ServiceDocument } from './merge-openapi.ts';

export interface OpenApiAggregatorOptions {
  pools: ReadonlyMap<UpstreamService, UpstreamPool>;
  intervalMs: number;
  title: string;
  version: string;
  log: FastifyBaseLogger;
  timeoutMs?: number;
}

export interface OpenApiAggregator {
  /** The merged document as of the last refresh. */
  document(): unknown;
  refresh(): Promise<void>;
  stop(): void;
}

const jwksPathItem = {
  get: {
    summary: "user-service's public keys (JWKS) for verifying access tokens",
    tags: ['user-service'],
    responses: { '200': { description: 'The key set' } },
  },
};

/**
 * Fetches every service's `/openapi.json` from one of its instances and merges them, at start
 * and every `intervalMs`. A service that cannot be reached keeps its last known document, so
 * the merged one does not lose paths while an upstream restarts.
 */
export function startOpenApiAggregator(options: OpenApiAggregatorOptions): OpenApiAggregator {
  const known = new Map<UpstreamService, unknown>();
  let merged: unknown;
  let stopped = false;

  const rebuild = () => {
    const services: ServiceDocument[] = [...options.pools.keys()]
      .filter((service) => known.has(service))
      .map((service) => ({
        service,
        document: known.get(service),
        routes: proxyRoutes.filter((route) => route.service === service),
      }));
    const missing = [...options.pools.keys()].filter((service) => !known.has(service));
    merged = mergeOpenApi({
      title: options.title,
      version: options.version,
      description:
        'Every service of the shop behind the gateway. Requests under /api need a Bearer access ' +
        'token except sign-up, login, refresh, logout and catalog reads.' +
        (missing.length > 0 ? ` Not yet available: ${missing.join(', ')}.` : ''),
      services,
      extraPaths: { '/.well-known/jwks.json': jwksPathItem, '/api/auth/jwks': jwksPathItem },
    });
  };

  const fetchDocument = async (service: UpstreamService, pool: UpstreamPool) => {
    const instance = pool.pick();
    if (!instance) return;
    try {
      const response = await fetch(`${instance.url}/openapi.json`, {
        signal: AbortSignal.timeout(options.timeoutMs ?? 2_000),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      known.set(service, await response.json());
    } catch (error) {
      options.log.debug({ err: error, service }, 'could not fetch the OpenAPI document');
    }
  };

  const refresh = async () => {
    await Promise.all([...options.pools].map(([service, pool]) => fetchDocument(service, pool)));
    rebuild();
  };

  rebuild();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    // Until every service has answered once (upstreams starting with the gateway), ask often.
    const incomplete = [...options.pools.keys()].some((service) => !known.has(service));
    const delay = incomplete ? Math.min(options.intervalMs, 2_000) : options.intervalMs;
    timer = setTimeout(() => {
      void refresh().finally(schedule);
    }, delay);
    timer.unref();
  };
  schedule();

  return {
    document: () => merged,
    refresh,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
