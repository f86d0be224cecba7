import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

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
