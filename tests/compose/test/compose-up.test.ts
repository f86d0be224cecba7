import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@ecommerce/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ComposeProject } from './support/compose-project.ts';
import {
  ada,
  alan,
  cable,
  GatewayClient,
  type LoadResult,
  placeLoad,
  waitTerminal,
} from './support/orders.ts';
import { run } from './support/run.ts';

// docker-compose.yml run for real: build, up, the demo, the gateway, Prometheus, then faults
// under load (replicas killed, a service cut off the network, Kafka paused) with every order
// reaching a terminal state and the invariants clean, and `down -v` leaving nothing behind.
// Each step states its time limit; the budget of the whole is printed at the end.

/** The seven apps: the jobs Prometheus scrapes, one per app (infra/prometheus/prometheus.yml). */
const apps = [
  ...readFileSync(join(repoRoot, 'infra/prometheus/prometheus.yml'), 'utf8').matchAll(
    /job_name: ([a-z-]+)/g,
  ),
].map(([, job]) => job ?? '');
const docker = inject('docker');
const budget: { step: string; seconds: number }[] = [];
let project: ComposeProject;
let client: GatewayClient;
let tokens: { ada: string; alan: string };
let downDone = false;

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    budget.push({ step, seconds: Math.round((Date.now() - started) / 100) / 10 });
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `pnpm invariants` against the project's Postgres: exit 0 and "invariants: clean". */
async function invariants() {
  // Eventual steps (a refund after a late cancellation, a release) may lag the last status:
  // the check is repeated for up to a minute before it counts as failed.
  const deadline = Date.now() + 60_000;
  let result = { code: 1, stdout: '', stderr: '' };
  while (Date.now() < deadline) {
    result = await run(process.execPath, [join(repoRoot, 'tools/invariants/src/cli.ts')], {
      env: { DATABASE_ADMIN_URL: project.databaseAdminUrl, INVARIANTS_GRACE_MS: '5000' },
      allowFailure: true,
      timeoutMs: 60_000,
    });
    if (result.code === 0) break;
    await sleep(5000);
  }
  expect(result.stdout + result.stderr, 'pnpm invariants').toContain('invariants: clean');
  expect(result.code).toBe(0);
}

/** Counter of POST /orders answers a container served, read from its own /metrics. */
async function ordersServed(container: string, port: number): Promise<number> {
  const script = `fetch('http://127.0.0.1:${port}/metrics').then((r) => r.text()).then((t) => console.log(t))`;
  const { stdout } = await project.exec(container, ['node', '-e', script]);
  let total = 0;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('http_request_duration_seconds_count{') && line.includes('method="POST"')) {
      if (line.includes('route="/orders"')) total += Number(line.split(' ').at(-1));
    }
  }
  return total;
}

/** Instance URLs a service registered in the gateway's registry (Redis). */
async function registered(service: string): Promise<string[]> {
  const [redis = ''] = await project.containers('redis');
  const { stdout: ids } = await project.exec(redis, [
    'redis-cli',
    'SMEMBERS',
    `registry:${service}`,
  ]);
  const urls: string[] = [];
  for (const id of ids.split('\n').filter(Boolean)) {
    const { stdout } = await project.exec(redis, ['redis-cli', 'GET', `registry:${service}:${id}`]);
    if (stdout.trim()) urls.push(JSON.parse(stdout).url);
  }
  return urls.sort();
}

async function hostnameOf(container: string): Promise<string> {
  const { stdout } = await project.cli(['inspect', '--format', '{{.Config.Hostname}}', container]);
  return stdout.trim();
}

beforeAll(async () => {
  project = await ComposeProject.create(docker, 'ecommerce-e2e');
  client = new GatewayClient(project.gatewayUrl);
  // A run stopped half-way leaves its project behind; start from nothing.
  await project.down(120_000);
});

afterAll(async () => {
  if (!downDone && project) {
    const logs = await project.compose(['logs', '--no-color', '--tail', '40'], {
      allowFailure: true,
      timeoutMs: 60_000,
    });
    console.log(`last lines of every container:\n${logs.stdout.slice(-20_000)}`);
    await project.down();
  }
  const total = budget.reduce((sum, { seconds }) => sum + seconds, 0);
  const lines = budget.map(({ step, seconds }) => `  ${step.padEnd(58)} ${seconds.toFixed(1)} s`);
  console.log(
    `compose suite budget (${docker.standins ? 'stand-in images' : 'public images'}):\n` +
      `${lines.join('\n')}\n  ${'total'.padEnd(58)} ${total.toFixed(1)} s (limit 50 min)`,
  );
});

describe('docker compose up, for real', () => {
  it('builds each app image once; the one-shot jobs run those images', async () => {
    const { stdout } = await project.compose(['config', '--format', 'json']);
    const config = JSON.parse(stdout) as {
      services: Record<string, { build?: unknown; image?: string }>;
    };
    const built = Object.entries(config.services).filter(([, service]) => service.build);
    expect(apps).toHaveLength(7);
    expect(built.map(([name]) => name).sort()).toEqual([...apps].sort());
    await timed('build the seven app images', () =>
      project.compose(['build'], { timeoutMs: 2_100_000 }),
    );
    const { stdout: images } = await project.cli([
      'images',
      '--format',
      '{{.Repository}}:{{.Tag}}',
      '--filter',
      'reference=ecommerce/*:dev',
    ]);
    expect(images.split('\n').filter(Boolean).sort()).toEqual(
      apps.map((app) => `ecommerce/${app}:dev`).sort(),
    );
  }, 2_200_000);

  it('starts, and the demo places its three orders with the expected outcomes', async () => {
    // `up` returns once every service's dependencies were healthy and it started.
    await timed('up: infrastructure, migrations, services, gateway', () =>
      project.compose(['up', '-d'], { timeoutMs: 600_000 }),
    );
    const [demo = ''] = await project.containers('demo');
    const exitCode = await timed('the demo job to its exit', async () => {
      const { stdout } = await project.cli(['wait', demo], { timeoutMs: 240_000 });
      return Number(stdout.trim());
    });
    // The job's errors (a module it cannot load, a refused call) are on its stderr.
    const { stdout, stderr } = await project.cli(['logs', demo]);
    const logs = `${stdout}${stderr}`;
    console.log(`demo:\n${logs}`);
    expect(exitCode, logs).toBe(0);
    expect(logs).toMatch(/^confirmed: order \S+ -> CONFIRMED$/m);
    expect(logs).toMatch(/^out-of-stock: order \S+ -> CANCELLED$/m);
    expect(logs).toMatch(/^declined: order \S+ -> CANCELLED$/m);
    expect(logs).toContain('(out_of_stock)');
    expect(logs).toContain('(payment_declined)');
  }, 900_000);

  it('records the memory each container uses', async () => {
    const { stdout } = await project.cli([
      'stats',
      '--no-stream',
      '--format',
      '{{.Name}}\t{{.MemUsage}}',
    ]);
    const rows = stdout.split('\n').filter((line) => line.startsWith(`${project.name}-`));
    console.log(`memory per container after the demo:\n${rows.join('\n')}`);
    expect(rows.length).toBeGreaterThanOrEqual(apps.length + 4);
  });

  it('answers through the gateway: health, the storefront, the catalog, an order as a customer', async () => {
    const health = await client.request('/health/ready');
    expect(health.status).toBe(200);
    const storefront = await fetch(`${client.url}/`);
    expect(storefront.status).toBe(200);
    expect(await storefront.text()).toContain('<script type="module"');
    const catalog = await client.request('/api/products');
    expect(catalog.status).toBe(200);
    expect(JSON.stringify(catalog.body)).toContain(cable?.id);
    tokens = { ada: await client.login(ada), alan: await client.login(alan) };
    const load = await placeLoad(client, tokens, 1, 1);
    expect(await waitTerminal(client, load.orders, 60_000)).toEqual({ CONFIRMED: 1 });
  });

  it('has Prometheus scrape all seven apps and load the alert rules', async () => {
    const deadline = Date.now() + 90_000;
    let up: string[] = [];
    while (Date.now() < deadline) {
      const response = await fetch(`${project.prometheusUrl}/api/v1/targets?state=active`);
      const { data } = (await response.json()) as {
        data: { activeTargets: { labels: { job: string }; health: string }[] };
      };
      up = data.activeTargets.filter((t) => t.health === 'up').map((t) => t.labels.job);
      if (up.length === apps.length) break;
      await sleep(3000);
    }
    expect(up.sort()).toEqual([...apps].sort());
    const rules = (await (
      await fetch(`${project.prometheusUrl}/api/v1/rules?type=alert`)
    ).json()) as {
      data: { groups: { rules: { name: string }[] }[] };
    };
    const names = rules.data.groups.flatMap((group) => group.rules.map((rule) => rule.name));
    expect(names).toContain('ServiceDown');
    expect(names).toHaveLength(8);
  });

  it('scales order and inventory to two replicas; both register and take traffic; killing one of each mid-load loses no order', async () => {
    await timed('scale order-service and inventory-service to 2', async () => {
      await project.compose(
        [
          'up',
          '-d',
          '--no-deps',
          '--no-recreate',
          '--scale',
          'order-service=2',
          '--scale',
          'inventory-service=2',
          'order-service',
          'inventory-service',
        ],
        { timeoutMs: 300_000 },
      );
      await project.waitHealthy('order-service', 2);
      await project.waitHealthy('inventory-service', 2);
    });
    const orderReplicas = await project.containers('order-service');
    const inventoryReplicas = await project.containers('inventory-service');
    for (const [service, replicas, port] of [
      ['order-service', orderReplicas, 3004],
      ['inventory-service', inventoryReplicas, 3003],
    ] as const) {
      const hosts = await Promise.all(replicas.map(hostnameOf));
      const deadline = Date.now() + 30_000;
      let urls: string[] = [];
      while (Date.now() < deadline) {
        urls = await registered(service);
        if (hosts.every((host) => urls.includes(`http://${host}:${port}`))) break;
        await sleep(2000);
      }
      expect(urls, `${service} registry`).toEqual(
        expect.arrayContaining(hosts.map((host) => `http://${host}:${port}`)),
      );
    }

    const first = await timed('load: 24 orders over two replicas', () =>
      placeLoad(client, tokens, 24, 4, () => {
        // Stock reads through the gateway, balanced over the inventory replicas.
        void client.request(`/api/inventory/${cable?.id}`, { token: tokens.ada }).catch(() => {});
      }),
    );
    const served = await Promise.all(orderReplicas.map((id) => ordersServed(id, 3004)));
    expect(
      served.every((count) => count > 0),
      `POST /orders per replica: ${served}`,
    ).toBe(true);

    let killed: Promise<unknown> | undefined;
    const second = await timed('load: 30 orders, one replica of each killed at the 6th', () =>
      placeLoad(client, tokens, 30, 4, (placed) => {
        if (placed === 6) {
          killed = Promise.all([
            project.cli(['kill', orderReplicas[1] ?? '']),
            project.cli(['kill', inventoryReplicas[1] ?? '']),
          ]);
        }
      }),
    );
    await killed;
    const orders = [...first.orders, ...second.orders];
    const statuses = await timed('every order of the load terminal', () =>
      waitTerminal(client, orders),
    );
    console.log(`replicas killed: ${JSON.stringify(statuses)}, retries ${second.retries}`);
    expect(Object.keys(statuses).sort()).toEqual(['CANCELLED', 'CONFIRMED']);
    expect(new Set(orders.map((order) => order.id)).size).toBe(54);
    await timed('invariants after the kills', invariants);
  }, 900_000);

  it('cuts payment-service off the network and pauses Kafka for 15 s mid-load: every order terminal, nothing lost', async () => {
    const [payment = ''] = await project.containers('payment-service');
    const network = `${project.name}_default`;
    let faults: Promise<void> | undefined;
    const injectFaults = async () => {
      await project.cli(['network', 'disconnect', network, payment]);
      await sleep(10_000);
      await project.cli(['network', 'connect', '--alias', 'payment-service', network, payment]);
      await sleep(3000);
      const [kafka = ''] = await project.containers('kafka');
      await project.cli(['pause', kafka]);
      await sleep(15_000);
      await project.cli(['unpause', kafka]);
    };
    let load: LoadResult = { orders: [], retries: 0 };
    // About 45 s of orders: before, during and after each fault.
    await timed('load: 40 orders, payment cut off 10 s, Kafka paused 15 s', async () => {
      load = await placeLoad(
        client,
        tokens,
        40,
        2,
        (placed) => {
          if (placed === 4) faults = injectFaults();
        },
        2000,
      );
      await faults;
    });
    const statuses = await timed('every order of the load terminal', () =>
      waitTerminal(client, load.orders, 240_000),
    );
    console.log(`partition and pause: ${JSON.stringify(statuses)}, retries ${load.retries}`);
    expect(load.orders).toHaveLength(40);
    expect(
      Object.keys(statuses).filter((status) => !['CONFIRMED', 'CANCELLED'].includes(status)),
    ).toEqual([]);
    await timed('invariants after the partition and the pause', invariants);
  }, 900_000);

  it('down -v leaves no container, network or volume', async () => {
    await timed('down -v', () => project.down());
    downDone = true;
    const label = `label=com.docker.compose.project=${project.name}`;
    for (const kind of [
      ['ps', '-a'],
      ['network', 'ls'],
      ['volume', 'ls'],
    ]) {
      const { stdout } = await project.cli([...kind, '-q', '--filter', label]);
      expect(stdout.trim(), kind.join(' ')).toBe('');
    }
  });
});
