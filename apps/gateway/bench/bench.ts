// Gateway overhead: the same product read directly, through the gateway (JWT verification and
// Redis rate limiting on), and through nginx as a plain reverse proxy. Loopback only, bounded,
// stops by itself. `pnpm --filter @ecommerce/gateway bench`
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { deployMigrations } from '@ecommerce/db/migrations';
import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { createIsolation, freePort, repoRoot, startServiceProcess } from '@ecommerce/testkit';
import autocannon from 'autocannon';
import { localInfra } from './infra.ts';
import { startNginx } from './nginx.ts';

const seededProductId = '5ef11f4a-56e6-5419-b6bb-ad682945d92f';
const throughputSeconds = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 10);
const fixedRateSeconds = Number(process.env.BENCH_FIXED_RATE_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const fixedRate = Number(process.env.BENCH_FIXED_RATE ?? 500);

interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(
  url: string,
  headers: Record<string, string>,
  options: { seconds: number; connections: number; overallRate?: number },
): Promise<Measurement> {
  const result = await autocannon({
    url,
    headers,
    connections: options.connections,
    duration: options.seconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

const loadBefore = loadavg();
const infra = await createIsolation(localInfra());
const issuer = await createTestTokenIssuer('bench-key');
const jwksServer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(issuer.jwks));
});
await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;

const productDir = join(repoRoot, 'apps/product-service');
const databaseUrl = infra.postgres.urlFor('product-service');
await deployMigrations({ schemaPath: join(productDir, 'prisma/schema.prisma') }, { databaseUrl });
execFileSync(process.execPath, ['src/seed.ts'], {
  cwd: productDir,
  env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
  stdio: 'ignore',
});

const product = await startServiceProcess({
  name: 'product-service',
  env: {
    DATABASE_URL: databaseUrl,
    REDIS_URL: infra.redis.url,
    REDIS_KEY_PREFIX: `${infra.redis.keyPrefix}product:`,
    JWKS_URL: jwksUrl,
  },
});
const gateway = await startServiceProcess({
  name: 'gateway',
  env: {
    REDIS_URL: infra.redis.url,
    RATE_LIMIT_KEY_PREFIX: `${infra.redis.keyPrefix}rate-limit:`,
    // High enough never to trigger: the cost of counting is measured, not of refusing.
    RATE_LIMIT_USER_MAX: '100000000',
    JWKS_URL: jwksUrl,
    UPSTREAM_PRODUCT_SERVICE: product.url,
    // e.g. `--cpu-prof --cpu-prof-dir=/tmp/gateway-profile` to see where the gateway's time goes.
    ...(process.env.BENCH_GATEWAY_NODE_OPTIONS
      ? { NODE_OPTIONS: process.env.BENCH_GATEWAY_NODE_OPTIONS }
      : {}),
  },
});
const nginx = await startNginx(await freePort(), product.url);
const token = await issuer.token({
  userId: '9b2f7c1e-0000-4000-8000-000000000001',
  expiresAt: '1h',
});

const targets: { name: string; url: string; headers: Record<string, string> }[] = [
  { name: 'direct', url: `${product.url}/products/${seededProductId}`, headers: {} },
  {
    name: 'gateway',
    url: `${gateway.url}/api/products/${seededProductId}`,
    headers: { authorization: `Bearer ${token}` },
  },
  { name: 'nginx', url: `${nginx.url}/api/products/${seededProductId}`, headers: {} },
];

const results: Record<string, { throughput: Measurement; fixed: Measurement }> = {};
try {
  for (const target of targets) {
    const check = await fetch(target.url, { headers: target.headers });
    if (check.status !== 200) throw new Error(`${target.name} answered ${check.status}`);
    await check.arrayBuffer();
    // Warm up: JIT, connection pools, the product cache, the token and key caches.
    await measure(target.url, target.headers, { seconds: 2, connections });
  }
  for (const target of targets) {
    const throughput = await measure(target.url, target.headers, {
      seconds: throughputSeconds,
      connections,
    });
    results[target.name] = { throughput, fixed: throughput };
  }
  for (const target of targets) {
    const fixed = await measure(target.url, target.headers, {
      seconds: fixedRateSeconds,
      connections: 10,
      overallRate: fixedRate,
    });
    const entry = results[target.name];
    if (entry) entry.fixed = fixed;
  }
} finally {
  await nginx.stop();
  await gateway.stop();
  await product.stop();
  jwksServer.close();
  await infra.cleanup();
}

const row = (name: string, m: Measurement) =>
  `| ${name.padEnd(8)} | ${m.requestsPerSecond.toFixed(0).padStart(8)} | ${m.p50.toFixed(2).padStart(7)} | ${m.p99.toFixed(2).padStart(7)} | ${String(m.errors).padStart(6)} |`;
const header =
  '| target   |    req/s | p50 ms  | p99 ms  | errors |\n| -------- | -------- | ------- | ------- | ------ |';
console.log(
  `\nGET /products/:id, ${cpus().length} cores, load average before the run ${loadBefore
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`\nThroughput: ${throughputSeconds} s, ${connections} connections\n${header}`);
for (const [name, r] of Object.entries(results)) console.log(row(name, r.throughput));
console.log(
  `\nFixed rate: ${fixedRate} req/s for ${fixedRateSeconds} s, 10 connections\n${header}`,
);
for (const [name, r] of Object.entries(results)) console.log(row(name, r.fixed));

const { direct, gateway: viaGateway, nginx: viaNginx } = results;
if (direct && viaGateway && viaNginx) {
  const ratio = viaGateway.throughput.requestsPerSecond / viaNginx.throughput.requestsPerSecond;
  const added = viaGateway.fixed.p99 - direct.fixed.p99;
  console.log(
    `\ngateway/nginx throughput: ${(ratio * 100).toFixed(0)} % (target >= 50 %: ${ratio >= 0.5 ? 'met' : 'missed'})`,
  );
  console.log(
    `gateway p99 - direct p99 at ${fixedRate} req/s: ${added.toFixed(2)} ms (target <= 2 ms: ${added <= 2 ? 'met' : 'missed'})`,
  );
}
