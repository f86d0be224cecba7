// Shares of a gateway CPU profile (`--cpu-prof`, see docs/benchmarks.md) by part of the stack:
// each sample goes to the innermost frame that belongs to a known package or gateway module
// (Node's own frames only when nothing else is on the stack). Idle time and start-up (module
// loading) are left out. `node bench/profile-shares.ts <file.cpuprofile>`
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const nodeParts = "Node's HTTP server, sockets, streams, timers";
const parts: [string, RegExp][] = [
  [
    'rate limiting (@fastify/rate-limit, leases, ioredis)',
    /@fastify\/rate-limit|rate-limit\/|ioredis/,
  ],
  [
    'edge JWT (@fastify/jwt, fast-jwt, get-jwks)',
    /@fastify\/jwt|fast-jwt|get-jwks|auth\/edge|steed/,
  ],
  ['circuit breaker (opossum)', /opossum|resilience/],
  [
    'proxying: http-proxy, reply-from, the forwarder',
    /reply-from|http-proxy|gateway\/src\/proxy|upstream-pool|balancers/,
  ],
  ['undici (the upstream client)', /undici|^wasm:/],
  ['metrics (one histogram observation)', /prom-client|service-kit\/src\/metrics/],
  ['logging (pino)', /pino|sonic-boom/],
  [
    'security headers, request id hooks',
    /security-headers|service-kit\/src\/(request-id|shutdown)/,
  ],
  ['health checks, OpenAPI documents (background)', /health-checks|openapi/],
  [
    'Fastify routing and hooks',
    /fastify\/lib|find-my-way|fastify\/fastify\.js|avvio|@fastify\/error/,
  ],
];

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/profile-shares.ts <file.cpuprofile>');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, ProfileNode>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node);

const stackUrls = (leaf: ProfileNode) => {
  const urls: string[] = [];
  for (let node: ProfileNode | undefined = leaf; node; node = parents.get(node.id)) {
    urls.push(node.callFrame.url);
  }
  return urls;
};

const shares = new Map<string, number>();
let busy = 0;
let startUp = 0;
profile.samples.forEach((id, index) => {
  const leaf = nodes.get(id);
  const micros = profile.timeDeltas[index + 1] ?? 0;
  if (!leaf || leaf.callFrame.functionName === '(idle)') return;
  const urls = stackUrls(leaf);
  if (urls.some((url) => /node:internal\/modules|amaro/.test(url))) {
    startUp += micros;
    return;
  }
  busy += micros;
  let part = 'other (program, native)';
  if (leaf.callFrame.functionName === '(garbage collector)') part = 'garbage collection';
  else {
    const known = urls
      .filter((url) => url && !url.startsWith('node:'))
      .map((url) => parts.find(([, pattern]) => pattern.test(url))?.[0])
      .find(Boolean);
    if (known) part = known;
    else if (urls.some((url) => url.startsWith('node:'))) part = nodeParts;
  }
  shares.set(part, (shares.get(part) ?? 0) + micros);
});

console.log(
  `busy ${(busy / 1e6).toFixed(1)} s (start-up, ${(startUp / 1e6).toFixed(1)} s, left out)`,
);
for (const [part, micros] of [...shares].sort((a, b) => b[1] - a[1])) {
  console.log(`${((micros / busy) * 100).toFixed(1).padStart(5)} %  ${part}`);
}
