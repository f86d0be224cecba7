// Gateway overhead: the same product read directly, through the gateway (JWT verification and
// rate limiting on) with 1 and with 2 worker processes, through a bare @fastify/http-proxy (no
// plugins: the ceiling of the stack) and through nginx as a plain reverse proxy. Targets are
// measured in turn, round after round, so machine noise falls on all of them alike; medians are
// reported. Loopback only, bounded, stops by itself. `pnpm --filter @ecommerce/gateway bench`
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
import { cpuMs, startBareProxy } from './processes.ts';

const seededProductId = '5ef11f4a-56e6-5419-b6bb-ad682945d92f';
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const throughputSeconds = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 5);
const fixedRateSeconds = Number(process.env.BENCH_FIXED_RATE_SECONDS ?? 5);
const serialSeconds = Number(process.env.BENCH_SERIAL_SECONDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const fixedRate = Number(process.env.BENCH_FIXED_RATE ?? 500);

interface Measurement {
  requestsPerSecond: number;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time the target's processes spent per request, in microseconds. */
  cpuUsPerRequest: number;
}

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  pid: number;
}

async function measure(
  target: Target,
  options: { seconds: number; connections: number; overallRate?: number },
): Promise<Measurement> {
  const cpuBefore = cpuMs(target.pid);
  const result = await autocannon({
    url: target.url,
    headers: target.headers,
    connections: options.connections,
    duration: options.seconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  });
  const cpu = cpuMs(target.pid) - cpuBefore;
  const requests = result.requests.total;
  return {
    requestsPerSecond: result.requests.average,
    requests,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuUsPerRequest: requests > 0 ? (cpu * 1000) / requests : 0,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

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
const gatewayEnv = (workers: number, nodeOptions?: string) => ({
  GATEWAY_WORKERS: String(workers),
  REDIS_URL: infra.redis.url,
  RATE_LIMIT_KEY_PREFIX: `${infra.redis.keyPrefix}rate-limit:${workers}:`,
  // High enough never to trigger: the cost of counting is measured, not of refusing.
  RATE_LIMIT_USER_MAX: '100000000',
  JWKS_URL: jwksUrl,
  UPSTREAM_PRODUCT_SERVICE: product.url,
  // A loaded machine can make a readiness answer slow; the bench measures proxying, not that.
  HEALTH_CHECK_TIMEOUT_MS: '5000',
  ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
});
// e.g. `--cpu-prof --cpu-prof-dir=/tmp/gateway-profile` to see where the 1-worker gateway's
// time goes.
const gateway = await startServiceProcess({
  name: 'gateway',
  env: gatewayEnv(1, process.env.BENCH_GATEWAY_NODE_OPTIONS),
});
const gateway2 = await startServiceProcess({ name: 'gateway', env: gatewayEnv(2) });
const bare = await startBareProxy(await freePort(), product.url);
const nginx = await startNginx(await freePort(), product.url);
const token = await issuer.token({
  userId: '9b2f7c1e-0000-4000-8000-000000000001',
  expiresAt: '1h',
});

const path = `/api/products/${seededProductId}`;
const auth = { authorization: `Bearer ${token}` };
const targets: Target[] = [
  {
    name: 'direct',
    url: `${product.url}/products/${seededProductId}`,
    headers: {},
    pid: product.child.pid ?? 0,
  },
  { name: 'gateway', url: `${gateway.url}${path}`, headers: auth, pid: gateway.child.pid ?? 0 },
  {
    name: 'gateway-2w',
    url: `${gateway2.url}${path}`,
    headers: auth,
    pid: gateway2.child.pid ?? 0,
  },
  { name: 'bare-proxy', url: `${bare.url}${path}`, headers: {}, pid: bare.pid },
  { name: 'nginx', url: `${nginx.url}${path}`, headers: {}, pid: nginx.pid },
];

type Phase = 'throughput' | 'fixed' | 'serial';
const results = new Map<string, Record<Phase, Measurement[]>>(
  targets.map((target) => [target.name, { throughput: [], fixed: [], serial: [] }]),
);
const record = (name: string, phase: Phase, measurement: Measurement) =>
  results.get(name)?.[phase].push(measurement);

try {
  for (const target of targets) {
    // Every process answers, with the product, before any is measured.
    for (let attempt = 1; ; attempt++) {
      const check = await fetch(target.url, { headers: target.headers });
      await check.arrayBuffer();
      if (check.status === 200) break;
      if (attempt === 20) throw new Error(`${target.name} answered ${check.status}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Warm up: JIT, connection pools, the product cache, the token and key caches.
    await measure(target, { seconds: 2, connections });
  }
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      record(
        target.name,
        'throughput',
        await measure(target, { seconds: throughputSeconds, connections }),
      );
    }
    for (const target of targets) {
      record(
        target.name,
        'fixed',
        await measure(target, {
          seconds: fixedRateSeconds,
          connections: 10,
          overallRate: fixedRate,
        }),
      );
    }
    for (const target of targets) {
      record(
        target.name,
        'serial',
        await measure(target, { seconds: serialSeconds, connections: 1 }),
      );
    }
  }
} finally {
  await nginx.stop();
  await bare.stop();
  await gateway2.stop();
  await gateway.stop();
  await product.stop();
  jwksServer.close();
  await infra.cleanup();
}
const loadAfter = loadavg();

const summary = (name: string, phase: Phase) => {
  const runs = results.get(name)?.[phase] ?? [];
  return {
    requestsPerSecond: median(runs.map((m) => m.requestsPerSecond)),
    p50: median(runs.map((m) => m.p50)),
    p99: median(runs.map((m) => m.p99)),
    errors: runs.reduce((sum, m) => sum + m.errors, 0),
    cpuUsPerRequest: median(runs.map((m) => m.cpuUsPerRequest)),
    each: runs.map((m) => m.requestsPerSecond.toFixed(0)).join(' / '),
  };
};
const header =
  '| target     |    req/s | p50 ms | p99 ms | errors | CPU us/req | req/s of each round |\n| ---------- | -------: | -----: | -----: | -----: | ---------: | ------------------- |';
const table = (phase: Phase) =>
  targets
    .map((target) => {
      const s = summary(target.name, phase);
      return `| ${target.name.padEnd(10)} | ${s.requestsPerSecond.toFixed(0).padStart(8)} | ${s.p50.toFixed(2).padStart(6)} | ${s.p99.toFixed(2).padStart(6)} | ${String(s.errors).padStart(6)} | ${s.cpuUsPerRequest.toFixed(0).padStart(10)} | ${s.each} |`;
    })
    .join('\n');
const load = (values: number[]) => values.map((l) => l.toFixed(2)).join(' ');

console.log(
  `\nGET /products/:id, ${cpus().length} cores, load average before ${load(loadBefore)}, after ${load(loadAfter)}; medians of ${rounds} rounds`,
);
console.log(
  `\nThroughput: ${throughputSeconds} s, ${connections} connections\n${header}\n${table('throughput')}`,
);
console.log(
  `\nFixed rate: ${fixedRate} req/s for ${fixedRateSeconds} s, 10 connections\n${header}\n${table('fixed')}`,
);
console.log(`\nOne at a time: ${serialSeconds} s, 1 connection\n${header}\n${table('serial')}`);

const direct = summary('direct', 'throughput');
const nginxThroughput = summary('nginx', 'throughput').requestsPerSecond;
const percentOfNginx = (name: string) =>
  (summary(name, 'throughput').requestsPerSecond / nginxThroughput) * 100;
const addedP99 = summary('gateway', 'fixed').p99 - summary('direct', 'fixed').p99;
const serialMs = (name: string) => 1000 / summary(name, 'serial').requestsPerSecond;
const addedSerial = serialMs('gateway') - serialMs('direct');
const verdict = (met: boolean) => (met ? 'met' : 'missed');
console.log(`
direct throughput: ${direct.requestsPerSecond.toFixed(0)} req/s
gateway/nginx throughput, 1 worker: ${percentOfNginx('gateway').toFixed(0)} % (target >= 50 %: ${verdict(percentOfNginx('gateway') >= 50)})
gateway/nginx throughput, 2 workers: ${percentOfNginx('gateway-2w').toFixed(0)} %
bare @fastify/http-proxy/nginx throughput (the stack's ceiling): ${percentOfNginx('bare-proxy').toFixed(0)} %
gateway p99 - direct p99 at ${fixedRate} req/s: ${addedP99.toFixed(2)} ms (target <= 2 ms: ${verdict(addedP99 <= 2)})
one at a time, the gateway adds ${addedSerial.toFixed(3)} ms per request (target <= 0.3 ms: ${verdict(addedSerial <= 0.3)}); bare proxy adds ${(serialMs('bare-proxy') - serialMs('direct')).toFixed(3)} ms, nginx ${(serialMs('nginx') - serialMs('direct')).toFixed(3)} ms`);
