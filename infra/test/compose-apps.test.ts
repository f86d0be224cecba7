import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { commonConfigSchema, loadConfig } from '@ecommerce/service-kit';
import { developmentPassword, repoRoot, serviceDatabases } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import {
  appConfigSchema,
  appDefaultPort,
  apps,
  type ComposeService,
  compose,
  composeService,
  environmentOf,
  loopbackPort,
  readRepoFile,
} from './support/compose-file.ts';

// No Docker engine is needed to check that docker-compose.yml agrees with the apps it runs.

/**
 * Variables a service reads outside its configuration schema: the service registry
 * (service-kit's startService) and OpenTelemetry's standard OTEL_* (packages/telemetry).
 */
const platformVariables = new Set(['REGISTRY_REDIS_URL', 'REGISTRY_KEY_PREFIX', 'ADVERTISED_URL']);
/** Traces are exported in the background: a missing collector loses spans, never requests. */
const notWaitedFor = new Set(['jaeger']);

const services = Object.entries(compose.services);
const oneShot = (service: ComposeService) => service.restart === 'no';
const appsWithDatabase = apps.filter((app) =>
  existsSync(join(repoRoot, 'apps', app, 'prisma/schema.prisma')),
);
const appsWithSeed = apps.filter((app) => existsSync(join(repoRoot, 'apps', app, 'src/seed.ts')));
/** The app whose image a service runs: `ecommerce/order-service:dev` -> order-service. */
const appOfImage = (service: ComposeService) =>
  /^ecommerce\/([a-z-]+):dev$/.exec(service.image ?? '')?.[1];

/** host:port pairs named by an environment value: URLs and comma-separated broker lists. */
function addressesIn(value: string): { host: string; port: number }[] {
  const urls = [...value.matchAll(/[a-z]+:\/\/(?:[^@/\s]+@)?([a-z0-9-]+):(\d+)/g)];
  const found = urls.map(([, host, port]) => ({ host: host ?? '', port: Number(port) }));
  if (found.length === 0 && /^[a-z0-9-]+:\d+(,[a-z0-9-]+:\d+)*$/.test(value)) {
    for (const broker of value.split(',')) {
      const [host, port] = broker.split(':');
      found.push({ host: host ?? '', port: Number(port) });
    }
  }
  return found;
}

/** Ports a service listens on inside the compose network. */
async function listeningPorts(name: string): Promise<number[]> {
  if (apps.includes(name)) return [await appDefaultPort(name)];
  const service = composeService(name);
  const published = (service.ports ?? []).map((mapping) => Number(mapping.split(':').at(-1)));
  const listeners = String(service.environment?.KAFKA_LISTENERS ?? '');
  const kafka = [...listeners.matchAll(/:\/\/[^:]*:(\d+)/g)].map(([, port]) => Number(port));
  return [...published, ...kafka];
}

describe('docker-compose.yml: the apps', () => {
  it('has a service for every app under apps/, and nothing else built from this repository', () => {
    const built = services.filter(([, service]) => service.build && !oneShot(service));
    expect(built.map(([name]) => name).sort()).toEqual(apps);
  });

  it.each(apps)('builds %s from infra/docker/Dockerfile with its name and port', async (app) => {
    const service = composeService(app);
    const port = await appDefaultPort(app);
    expect(service.build).toEqual({
      context: '.',
      dockerfile: 'infra/docker/Dockerfile',
      args: { APP: app, PORT: String(port) },
    });
    expect(service.image).toBe(`ecommerce/${app}:dev`);
    expect(service.ports).toEqual([expect.stringMatching(loopbackPort(port))]);
  });

  it.each(apps)('gives %s an environment its configuration accepts and reads', async (app) => {
    const schema = await appConfigSchema(app);
    const environment = environmentOf(composeService(app));
    const read = new Set([
      ...Object.keys(commonConfigSchema.properties),
      ...Object.keys(schema.properties),
      ...platformVariables,
    ]);
    const ignored = Object.keys(environment).filter(
      (name) => !read.has(name) && !name.startsWith('OTEL_'),
    );
    expect(ignored, 'variables the app never reads').toEqual([]);
    // The image sets HOST and PORT; the app validates the rest exactly like this at start.
    expect(() => loadConfig(schema, { ...environment, HOST: '0.0.0.0' })).not.toThrow();
  });

  it('points every URL at a compose service, on the port that service listens on', async () => {
    const checked: string[] = [];
    for (const [name, service] of services) {
      for (const [variable, value] of Object.entries(environmentOf(service))) {
        for (const { host, port } of addressesIn(value)) {
          expect(compose.services[host], `${name} ${variable}: no service ${host}`).toBeDefined();
          expect(await listeningPorts(host), `${name} ${variable}`).toContain(port);
          checked.push(`${name}.${variable} -> ${host}:${port}`);
        }
      }
    }
    expect(checked.length).toBeGreaterThan(20);
  });

  it('connects every service to Postgres as its own role, with the development password', () => {
    const checked = services.filter(([, service]) => environmentOf(service).DATABASE_URL);
    for (const [name, service] of checked) {
      const app = appOfImage(service) as keyof typeof serviceDatabases;
      const { role } = serviceDatabases[app];
      const url = new URL(environmentOf(service).DATABASE_URL ?? '');
      expect([url.username, url.password, url.pathname], name).toEqual([
        role,
        developmentPassword(role),
        '/ecommerce',
      ]);
    }
    expect(checked.length).toBe(appsWithDatabase.length * 2 + appsWithSeed.length);
  });

  it('has every app register under its own container address, so replicas register apart', () => {
    for (const app of apps.filter((name) => name !== 'gateway')) {
      const environment = environmentOf(composeService(app));
      // Unset: service-kit advertises http://<hostname>:<port>, one address per container.
      expect(environment.ADVERTISED_URL).toBeUndefined();
      expect(environment.REGISTRY_REDIS_URL).toBe(
        environmentOf(composeService('gateway')).REGISTRY_REDIS_URL,
      );
    }
  });
});

describe('docker-compose.yml: start order', () => {
  it('gives every long-running service except the trace collector a healthcheck', () => {
    const without = services
      .filter(([name, service]) => !oneShot(service) && !notWaitedFor.has(name))
      .filter(([, service]) => !service.healthcheck?.test)
      .map(([name]) => name);
    expect(without).toEqual([]);
  });

  it("checks each app with the image's own /health/ready check", () => {
    for (const app of apps) {
      expect(composeService(app).healthcheck?.test).toEqual([
        'CMD',
        'node',
        '/app/healthcheck.mjs',
      ]);
    }
    expect(readRepoFile('infra/docker/healthcheck.mjs')).toContain('/health/ready');
  });

  it('names a condition on every dependency, one the dependency can meet', () => {
    for (const [name, service] of services) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = composeService(dependency);
        const expected = oneShot(target)
          ? 'service_completed_successfully'
          : target.healthcheck
            ? 'service_healthy'
            : 'service_started';
        expect(condition, `${name} -> ${dependency}`).toBe(expected);
      }
    }
  });

  it('starts each service after everything its environment points at', () => {
    for (const [name, service] of services) {
      const hosts = Object.values(environmentOf(service)).flatMap((value) =>
        addressesIn(value).map(({ host }) => host),
      );
      for (const host of new Set(hosts)) {
        if (host === name || notWaitedFor.has(host)) continue;
        expect(Object.keys(service.depends_on ?? {}), `${name} uses ${host}`).toContain(host);
      }
    }
  });

  it.each(appsWithDatabase)('migrates %s in a one-shot job of its image first', (app) => {
    const service = composeService(app);
    const job = composeService(`${app}-migrate`);
    // One build per image: the job runs the service's image and never builds it again.
    expect(job.image).toBe(service.image);
    expect(job.build).toBeUndefined();
    expect(job.command).toEqual(['node_modules/.bin/ecommerce-db', 'migrate', 'deploy']);
    expect(job.restart).toBe('no');
    expect(job.environment?.DATABASE_URL).toBe(service.environment?.DATABASE_URL);
    expect(job.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(service.depends_on?.[`${app}-migrate`]?.condition).toBe(
      'service_completed_successfully',
    );
  });

  it.each(appsWithSeed)('seeds %s in a one-shot job after its migrations', (app) => {
    const job = composeService(`${app}-seed`);
    expect(job.image).toBe(composeService(app).image);
    expect(job.build).toBeUndefined();
    expect(job.command).toEqual(['node', 'src/seed.ts']);
    expect(job.restart).toBe('no');
    expect(job.environment?.NODE_ENV).toBe('development');
    expect(job.depends_on?.[`${app}-migrate`]?.condition).toBe('service_completed_successfully');
  });

  it('places the demo orders once the gateway is healthy and every seed job is done', () => {
    const demo = composeService('demo');
    expect(demo.depends_on?.gateway?.condition).toBe('service_healthy');
    for (const app of appsWithSeed) {
      expect(demo.depends_on?.[`${app}-seed`]?.condition).toBe('service_completed_successfully');
    }
    expect(demo.command).toEqual(['node', 'tools/demo/place-demo-orders.ts']);
    expect(environmentOf(demo).GATEWAY_URL).toBe('http://gateway:8080');
  });

  it('mounts only files that exist in the repository', () => {
    const mounts = services.flatMap(([, service]) =>
      (service.volumes ?? []).filter((volume) => volume.startsWith('./')),
    );
    for (const mount of mounts) {
      expect(existsSync(join(repoRoot, mount.split(':')[0] ?? '')), mount).toBe(true);
    }
    expect(mounts.length).toBeGreaterThanOrEqual(5);
  });
});

describe('infra/docker/Dockerfile', () => {
  const dockerfile = readRepoFile('infra/docker/Dockerfile');

  it('needs no registry for itself: no syntax line that pulls a frontend image', () => {
    expect(dockerfile).not.toMatch(/^#\s*syntax\s*=/im);
  });

  it('assembles the app with infra/docker/build-app.sh, the script infra/test runs', () => {
    expect(dockerfile).toMatch(/sh infra\/docker\/build-app\.sh "\$APP" \/out/);
  });

  it('runs Node of the version the project pins, as a non-root user, listening on all interfaces', () => {
    const pinned = /NODE_VERSION="([\d.]+)"/.exec(readRepoFile('bin/lib/toolchain.sh'))?.[1];
    expect(dockerfile).toContain(`ARG NODE_IMAGE=node:${pinned}-alpine`);
    expect(composeService('demo').image).toBe(`node:${pinned}-alpine`);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/HOST=0\.0\.0\.0/);
  });

  it('checks /health/ready and starts the app with telemetry loaded first', () => {
    expect(dockerfile).toMatch(
      /HEALTHCHECK [^\n]*\\\n\s+CMD \["node", "\/app\/healthcheck\.mjs"\]/,
    );
    expect(dockerfile).toContain(
      'CMD ["node", "--import", "@ecommerce/telemetry/register", "src/main.ts"]',
    );
  });
});
