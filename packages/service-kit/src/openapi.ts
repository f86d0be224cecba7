import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { optionalBodyMarker } from './route-contract.ts';

export interface OpenApiOptions {
  title: string;
  version: string;
  description?: string;
}

/**
 * The OpenAPI 3.1 document built from the route schemas at `/openapi.json`, and Swagger UI at
 * `/docs`. Registered before any service route so every route is seen; routes with
 * `schema: { hide: true }` (health, metrics, docs) stay out.
 */
export const openApiPlugin = fp<OpenApiOptions>(
  async (app, options) => {
    await app.register(swagger, {
      transformObject: (document) =>
        markOptionalBodies('openapiObject' in document ? document.openapiObject : {}),
      openapi: {
        openapi: '3.1.0',
        info: {
          title: options.title,
          version: options.version,
          ...(options.description ? { description: options.description } : {}),
        },
        components: {
          securitySchemes: {
            // Access tokens issued by user-service; routes that need one declare it (auth.ts).
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', logLevel: 'warn' });
    app.get('/openapi.json', { logLevel: 'warn', schema: { hide: true } }, async () =>
      app.swagger(),
    );
  },
  { name: 'service-kit-openapi' },
);

type Operation = { requestBody?: { required?: boolean }; [optionalBodyMarker]?: boolean };

/** Routes with `config.optionalBody` (route-contract.ts): their body is not required. */
function markOptionalBodies<T extends { paths?: object }>(document: T): T {
  for (const path of Object.values(document.paths ?? {}) as Record<string, Operation>[]) {
    for (const operation of Object.values(path)) {
      if (!operation?.[optionalBodyMarker]) continue;
      delete operation[optionalBodyMarker];
      if (operation.requestBody) operation.requestBody.required = false;
    }
  }
  return document;
}
