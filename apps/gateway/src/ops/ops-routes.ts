import { forbidden } from '@ecommerce/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { UpstreamService } from '../routing/route-table.ts';
import type { UpstreamInstance, UpstreamPool } from '../upstreams/upstream-pool.ts';
import { type InstanceReport, infrastructureStatus, readinessOf } from './topology.ts';

export interface OpsRoutesOptions {
  pools: ReadonlyMap<UpstreamService, UpstreamPool>;
  /** How long one instance's /health/ready may take before it counts as unreachable. */
  timeoutMs: number;
}

const Checks = Type.Record(Type.String(), Type.Object({ status: Type.String() }));

const TopologySchema = Type.Object({
  gateway: Type.Object({
    status: Type.Union([Type.Literal('up'), Type.Literal('degraded'), Type.Literal('down')]),
    checks: Checks,
  }),
  services: Type.Array(
    Type.Object({
      service: Type.String(),
      instances: Type.Array(
        Type.Object({
          url: Type.String(),
          healthy: Type.Boolean({ description: 'The gateway’s last active health check' }),
          circuit: Type.Union([
            Type.Literal('closed'),
            Type.Literal('open'),
            Type.Literal('half-open'),
          ]),
          outstanding: Type.Integer({ description: 'Requests in flight through the gateway' }),
          ready: Type.Union([
            Type.Literal('up'),
            Type.Literal('degraded'),
            Type.Literal('down'),
            Type.Literal('unreachable'),
          ]),
          checks: Checks,
        }),
      ),
    }),
  ),
  infrastructure: Type.Array(
    Type.Object({
      name: Type.String(),
      status: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('unknown')]),
      reportedBy: Type.Array(Type.String()),
    }),
  ),
  checkedAt: Type.String({ format: 'date-time' }),
});

async function reportOf(instance: UpstreamInstance, timeoutMs: number): Promise<InstanceReport> {
  let status: number | undefined;
  let body: unknown;
  try {
    const response = await fetch(`${instance.url}/health/ready`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    body = await response.json().catch(() => undefined);
  } catch {
    status = undefined;
  }
  return {
    url: instance.url,
    healthy: instance.healthy,
    circuit: instance.breaker.state === 'halfOpen' ? 'half-open' : instance.breaker.state,
    outstanding: instance.outstanding,
    ...readinessOf(status, body),
  };
}

/**
 * The operations console's view of the system as the gateway knows it: every upstream
 * instance (registered or static), its health check, circuit and load, what its readiness
 * checks say about Postgres, Kafka and Redis. Admins only: the gateway checks the token's
 * role itself, since no service stands behind this route.
 */
export async function opsRoutesPlugin(app: FastifyInstance, options: OpsRoutesOptions) {
  const requireAdmin = async (request: FastifyRequest) => {
    await app.requireToken(request);
    if (!request.user.roles?.includes('admin')) {
      throw forbidden('Forbidden', { detail: 'Requires the role admin' });
    }
  };

  app.get(
    '/api/ops/topology',
    {
      onRequest: requireAdmin,
      schema: {
        summary: 'Gateway, service instances, their health and circuits, infrastructure (admin)',
        tags: ['operations'],
        security: [{ bearerAuth: [] }],
        response: { 200: TopologySchema },
      },
    },
    async (_request, reply) => {
      const services = await Promise.all(
        [...options.pools].map(async ([service, pool]) => ({
          service,
          instances: await Promise.all(
            pool.instances.map((instance) => reportOf(instance, options.timeoutMs)),
          ),
        })),
      );
      const own = await app.inject({ method: 'GET', url: '/health/ready' });
      const gateway = readinessOf(own.statusCode, own.json());
      reply.header('cache-control', 'no-store');
      return {
        gateway: {
          status: gateway.ready === 'unreachable' ? 'down' : gateway.ready,
          checks: gateway.checks,
        },
        services,
        infrastructure: infrastructureStatus(services),
        checkedAt: new Date().toISOString(),
      };
    },
  );
}
