import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { notFound } from '@ecommerce/service-kit';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface ServeWebOptions {
  /** The storefront's build (apps/web/dist); nothing is served when it does not exist. */
  root: string;
}

/** Paths the gateway answers itself or proxies: never the storefront's fallback page. */
const serverPaths = ['/api/', '/docs', '/health/', '/metrics', '/openapi.json', '/.well-known/'];

const isServerPath = (path: string) =>
  serverPaths.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix));

/**
 * The storefront at `/`: its hashed assets cached for a year (a new build has new names),
 * index.html revalidated every time, and every other GET outside the API answered with
 * index.html so that the single-page app's own routes (/orders/..., /ops) load on a reload.
 */
export async function serveWebPlugin(app: FastifyInstance, options: ServeWebOptions) {
  if (!existsSync(join(options.root, 'index.html'))) {
    app.log.info({ root: options.root }, 'no storefront build; / is not served');
    return;
  }
  await app.register(fastifyStatic, {
    root: options.root,
    serve: false,
    // Compressed copies are not built; the gateway sends the files as they are.
    preCompressed: false,
  });
  const hidden = { schema: { hide: true }, logLevel: 'warn' } as const;

  app.get('/assets/*', hidden, (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    return reply.sendFile(`assets/${file}`, { maxAge: '365d', immutable: true });
  });

  const sendIndex = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });

  app.get('/', hidden, (_request, reply) => sendIndex(reply));
  app.get('/*', hidden, async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (isServerPath(path))
      throw notFound('Not Found', { detail: `No route ${request.method} ${path}` });
    return sendIndex(reply);
  });
}
