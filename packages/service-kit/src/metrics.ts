import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /** Value of the `service` label on every metric. */
  serviceName: string;
  /** Process metrics (CPU, memory, event loop, GC); on unless turned off. */
  defaultMetrics?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus registry: register service metrics here (`registers: [app.metrics]`). */
    metrics: Registry;
  }
}

/** Route label of requests that matched no route, so random URLs cannot explode cardinality. */
export const unmatchedRoute = '(unmatched)';

/**
 * `/metrics` in Prometheus text format from a registry of the app's own (not prom-client's
 * global one), so several apps can live in one process, as they do in tests.
 */
export const metricsPlugin = fp<MetricsOptions>(
  async (app, options) => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: options.serviceName });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to sending the response, by route pattern.',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });

    app.decorate('metrics', registry);

    app.addHook('onResponse', async function observeRequestDuration(request, reply) {
      duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? unmatchedRoute,
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });

    app.get('/metrics', { logLevel: 'warn', schema: { hide: true } }, async (_request, reply) => {
      const body = await registry.metrics();
      return reply.type(registry.contentType).send(body);
    });
  },
  { name: 'service-kit-metrics' },
);
