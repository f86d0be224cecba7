import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  LogController,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { DestinationStream } from 'pino';
import { clientErrorHandler } from './client-errors.ts';
import type { CommonConfig } from './config.ts';
import { errorsPlugin } from './errors.ts';
import { healthPlugin } from './health.ts';
import { createLogger } from './logger.ts';
import { metricsPlugin } from './metrics.ts';
import { openApiPlugin } from './openapi.ts';
import { requestIdFor, requestIdPlugin } from './request-id.ts';
import { routeContractPlugin } from './route-contract.ts';
import { shutdownPlugin } from './shutdown.ts';
import { buildRequestValidator } from './validation.ts';

export interface CreateServiceOptions<C extends CommonConfig> {
  /** The service's name: in every log line, the `service` metric label, the OpenAPI title. */
  name: string;
  /** The API version in the OpenAPI document. */
  version: string;
  description?: string;
  /** What `loadConfig` returned; also available as `app.config`. */
  config: C;
  /** Where log lines go instead of stdout (tests capture them this way). */
  logStream?: DestinationStream;
  /** Time limit of each readiness check unless the check says otherwise. Default 2000 ms. */
  readinessTimeoutMs?: number;
  /** Process metrics (CPU, memory, event loop, GC) in `/metrics`. Default true. */
  defaultMetrics?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The validated configuration the service was created with. */
    config: CommonConfig;
  }
}

export type ServiceApp<C extends CommonConfig = CommonConfig> = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
> & { config: C };

/**
 * A Fastify app with everything a service of this system shares: logs with request and trace
 * ids, problem+json errors, health, metrics, OpenAPI and draining on close. It does not
 * listen: tests use `app.inject()`, main.ts calls `startService(app)`.
 */
export async function createService<C extends CommonConfig>(
  options: CreateServiceOptions<C>,
): Promise<ServiceApp<C>> {
  const { config } = options;
  const name = config.SERVICE_NAME ?? options.name;
  const logger = createLogger({
    name,
    level: config.LOG_LEVEL,
    pretty: config.NODE_ENV === 'development',
    ...(options.logStream ? { stream: options.logStream } : {}),
  });

  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // The shutdown plugin answers requests that arrive while draining, as problem+json.
    return503OnClosing: false,
    clientErrorHandler,
    // Path parameters are bounded by each route's schema (400 problem+json), not by the
    // router's default 100 characters, which answers a bare 414 before any schema runs. Node's
    // 16 KiB header limit still bounds the request line.
    routerOptions: { maxParamLength: 16_384 },
    // Report every invalid field at once, not only the first; the body limit bounds the work.
    // Unknown fields are an error (400), not silently dropped: `additionalProperties: false`
    // on a body means a typo or a field the caller is not allowed to set is reported.
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
    // Query strings and headers are coerced to their declared types, JSON bodies never are.
    schemaController: {
      compilersFactory: {
        buildValidator: buildRequestValidator as unknown as NonNullable<
          NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
        >['buildValidator'],
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Bodies are JSON: a text/plain body is an unsupported media type (415), not an invalid
  // JSON body (400). Fastify answers 415 for every type without a parser.
  app.removeContentTypeParser('text/plain');

  app.decorate<CommonConfig>('config', config);
  await app.register(errorsPlugin);
  await app.register(routeContractPlugin);
  await app.register(openApiPlugin, {
    title: name,
    version: options.version,
    ...(options.description ? { description: options.description } : {}),
  });
  await app.register(requestIdPlugin);
  await app.register(shutdownPlugin);
  await app.register(metricsPlugin, {
    serviceName: name,
    ...(options.defaultMetrics === undefined ? {} : { defaultMetrics: options.defaultMetrics }),
  });
  await app.register(healthPlugin, { checkTimeoutMs: options.readinessTimeoutMs ?? 2000 });
  return app as unknown as ServiceApp<C>;
}
