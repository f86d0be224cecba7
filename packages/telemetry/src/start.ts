import { FastifyOtelInstrumentation } from '@fastify/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { readableSpanName } from './span-names.ts';

// Both keys: Jaeger and most backends still read `deployment.environment`; current semantic
// conventions name it `deployment.environment.name`.
const ATTR_DEPLOYMENT_ENVIRONMENT = 'deployment.environment';
const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  /** `deployment.environment`: development, test, production, ... */
  environment?: string;
  /**
   * Where spans go. Defaults to OTLP (protobuf over HTTP) when OTEL_EXPORTER_OTLP_ENDPOINT or
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set, and to nowhere otherwise: spans are still
   * created, so trace ids reach logs and Kafka headers, but nothing is sent.
   */
  spanProcessors?: SpanProcessor[];
  env?: NodeJS.ProcessEnv;
}

export interface Telemetry {
  /** Flushes pending spans and stops the SDK. */
  shutdown(): Promise<void>;
}

function defaultSpanProcessors(env: NodeJS.ProcessEnv): SpanProcessor[] {
  const configured = env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  // The exporter reads the endpoint, headers and timeout from the standard OTEL_* variables.
  // With no processor at all the SDK installs no tracer provider, and every span would be a
  // non-recording one with an all-zero trace id: nothing in logs, timelines or headers.
  return configured
    ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })]
    : [new NoopSpanProcessor()];
}

/**
 * Starts the OpenTelemetry Node SDK with the instrumentations every service needs: incoming
 * and outgoing HTTP, Fastify routes and hooks, Postgres (pg, which Prisma's adapter uses) and
 * Redis (ioredis). Kafka spans and context come from @ecommerce/events, which must carry the
 * context of the transaction that wrote an event, not of the relay that later sends it.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const env = options.env ?? process.env;
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
      ...(options.environment
        ? {
            [ATTR_DEPLOYMENT_ENVIRONMENT]: options.environment,
            [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: options.environment,
          }
        : {}),
    }),
    spanProcessors: options.spanProcessors ?? defaultSpanProcessors(env),
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would drown the traces that matter.
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)(\/|$)/.test(req.url ?? ''),
      }),
      // Hooks into every Fastify instance as it is created (a diagnostics channel), so
      // services need no code for it.
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        lifecycleHook: (span, info) => {
          // The request's method: a route may serve several (a proxy's catch-all serves all).
          const { url } = info.request.routeOptions;
          const route = url && `${info.request.method} ${url}`;
          span.updateName(readableSpanName(info.hookName, info.handler, route));
        },
      }),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
