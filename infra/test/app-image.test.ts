import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  freePort,
  gatewayUpstreamVariables,
  isolatedInfra,
  repoRoot,
  type ServiceName,
  type ServiceProcess,
  startServiceProcess,
} from '@ecommerce/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apps, composeService, readRepoFile } from './support/compose-file.ts';

// What the image build does, without Docker: infra/docker/build-app.sh assembles each app's
// production folder exactly as the Dockerfile's build stage runs it; then the app starts from
// that folder with the image's CMD, its migrations run with the compose file's migrate
// command, and the image's HEALTHCHECK script passes.

const run = promisify(execFile);
const infra = await isolatedInfra();
const dockerfile = readRepoFile('infra/docker/Dockerfile');
/** The image's CMD, e.g. ["node", "--import", ..., "src/main.ts"]. */
const imageCommand = JSON.parse(/^CMD (\[.+\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
const buildRoot = await mkdtemp(join(tmpdir(), 'app-images-'));
const folders: Record<string, string> = {};
const sizes: Record<string, string> = {};
const running: Record<string, ServiceProcess> = {};

/** The same pnpm store as the repository's install, so the build needs no download. */
async function pnpmStore(): Promise<string> {
  const { stdout } = await run('pnpm', ['store', 'path'], { cwd: repoRoot });
  return stdout.trim();
}

async function buildApp(app: string, store: string): Promise<void> {
  const out = join(buildRoot, app);
  try {
    const { stdout } = await run('sh', ['infra/docker/build-app.sh', app, out], {
      cwd: repoRoot,
      env: {
        ...process.env,
        TURBO: join(repoRoot, 'node_modules/.bin/turbo'),
        npm_config_store_dir: store,
      },
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    sizes[app] = /\(([^)]+)\)\s*$/.exec(stdout)?.[1] ?? '?';
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`build-app.sh ${app} failed:\n${stdout ?? ''}${stderr ?? ''}`, {
      cause: error,
    });
  }
  folders[app] = join(out, 'apps', app);
}

/** Runs the compose file's one-shot migrate command in the app's assembled folder. */
async function migrate(app: ServiceName): Promise<void> {
  const [command, ...args] = composeService(`${app}-migrate`).command ?? [];
  await run(command ?? '', args, {
    cwd: folders[app],
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: infra.postgres.urlFor(app) },
  });
}

async function start(app: string, env: Record<string, string>): Promise<ServiceProcess> {
  running[app] = await startServiceProcess({
    name: app,
    directory: folders[app],
    nodeArgs: imageCommand.slice(1),
    // As the image runs it (ENV NODE_ENV=production), apart from the addresses.
    env: { NODE_ENV: 'production', OTEL_SDK_DISABLED: 'false', ...env },
    readyTimeoutMs: 90_000,
  });
  return running[app];
}

beforeAll(async () => {
  const store = await pnpmStore();
  // Two at a time: each install is mostly disk work, and the machine runs other tests.
  const queue = [...apps];
  await Promise.all(
    [0, 1].map(async () => {
      for (let app = queue.shift(); app; app = queue.shift()) await buildApp(app, store);
    }),
  );
  console.log('production folders:', JSON.stringify(sizes));
}, 600_000);

afterAll(async () => {
  await Promise.all(Object.values(running).map((service) => service.stop()));
  await rm(buildRoot, { recursive: true, force: true });
}, 60_000);

describe('infra/docker/build-app.sh', () => {
  it('runs the image command as the Dockerfile states it', () => {
    expect(imageCommand).toEqual([
      'node',
      '--import',
      '@ecommerce/telemetry/register',
      'src/main.ts',
    ]);
  });

  it.each(apps)('assembles %s with production dependencies only', (app) => {
    const folder = folders[app] ?? '';
    const root = join(folder, '../..');
    const installed = readdirSync(join(root, 'node_modules/.pnpm'));
    for (const devOnly of ['vitest@', 'prisma@', 'typescript@', '@biomejs', 'testcontainers@']) {
      expect(
        installed.filter((name) => name.startsWith(devOnly)),
        devOnly,
      ).toEqual([]);
    }
    expect(existsSync(join(folder, 'test'))).toBe(false);
    expect(existsSync(join(root, 'packages/testkit'))).toBe(false);
    const hasDatabase = existsSync(join(repoRoot, 'apps', app, 'prisma/schema.prisma'));
    expect(existsSync(join(folder, 'src/generated/prisma/client.ts'))).toBe(hasDatabase);
  });

  it('starts every app from its folder: migrated, ready, and healthy by the image check', async () => {
    const databaseApps = apps.filter((app) => app !== 'gateway') as ServiceName[];
    await Promise.all(databaseApps.map(migrate));
    const kafka = {
      KAFKA_BROKERS: infra.kafka.brokers.join(','),
      KAFKA_TOPIC_PREFIX: infra.kafka.topic(''),
    };
    const user = await start('user-service', {
      DATABASE_URL: infra.postgres.urlFor('user-service'),
    });
    const jwks = { JWKS_URL: `${user.url}/.well-known/jwks.json` };
    const product = await start('product-service', {
      ...jwks,
      DATABASE_URL: infra.postgres.urlFor('product-service'),
      REDIS_URL: infra.redis.url,
      REDIS_KEY_PREFIX: `${infra.redis.keyPrefix}product:`,
    });
    for (const app of ['inventory-service', 'payment-service', 'notification-service'] as const) {
      await start(app, { ...jwks, ...kafka, DATABASE_URL: infra.postgres.urlFor(app) });
    }
    await start('order-service', {
      ...jwks,
      ...kafka,
      DATABASE_URL: infra.postgres.urlFor('order-service'),
      PRODUCT_SERVICE_URL: product.url,
    });
    await start('gateway', {
      ...jwks,
      REDIS_URL: infra.redis.url,
      RATE_LIMIT_KEY_PREFIX: `${infra.redis.keyPrefix}rate-limit:`,
      ...Object.fromEntries(
        databaseApps.map((app) => [gatewayUpstreamVariables[app], running[app]?.url ?? '']),
      ),
    });

    for (const app of apps) {
      const service = running[app] as ServiceProcess;
      const live = await fetch(`${service.url}/health/live`);
      expect(live.status, `${app} /health/live`).toBe(200);
      const ready = await fetch(`${service.url}/health/ready`);
      expect(ready.status, `${app} /health/ready`).toBe(200);
      const check = await run('node', [join(repoRoot, 'infra/docker/healthcheck.mjs')], {
        env: { PATH: process.env.PATH ?? '', PORT: String(service.port) },
      }).then(
        () => 0,
        (error: { code?: number }) => error.code ?? 1,
      );
      expect(check, `${app} HEALTHCHECK`).toBe(0);
    }
    // The gateway's image carries the storefront it serves at /.
    const storefront = await fetch(`${running.gateway?.url}/`);
    expect(storefront.status).toBe(200);
    expect(storefront.headers.get('content-type')).toContain('text/html');
    expect(await storefront.text()).toContain('<script type="module"');
    // The check fails where nothing answers.
    const nobody = await run('node', [join(repoRoot, 'infra/docker/healthcheck.mjs')], {
      env: { PATH: process.env.PATH ?? '', PORT: String(await freePort()) },
    }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? 1,
    );
    expect(nobody).toBe(1);
  }, 300_000);
});
