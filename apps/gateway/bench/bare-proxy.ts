// The ceiling of the gateway's stack: Fastify and @fastify/http-proxy with no plugin at all
// (no token check, rate limit, breaker, headers, metrics or logs), the same route mapping.
// Started by bench.ts: PORT and UPSTREAM in the environment.
import httpProxy from '@fastify/http-proxy';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
await app.register(httpProxy, {
  upstream: String(process.env.UPSTREAM),
  prefix: '/api/products',
  rewritePrefix: '/products',
  undici: { connections: 128, pipelining: 1 },
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
