import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { listInstances } from '@ecommerce/registry';
import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it, vi } from 'vitest';

const infra = await isolatedInfra();
const redis = infra.redis.client();
const fixture = fileURLToPath(new URL('./fixtures/signal-service.ts', import.meta.url));

function runFixture(env: Record<string, string>) {
  const child = spawn(process.execPath, [fixture], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => output };
}

describe('startService with a service registry', () => {
  it('registers the instance with its listening address and deregisters on SIGTERM', async () => {
    const { child, exited, output } = runFixture({
      REGISTRY_REDIS_URL: infra.redis.url,
      REGISTRY_KEY_PREFIX: infra.redis.keyPrefix,
    });
    let url = '';
    await vi.waitFor(
      async () => {
        expect(child.exitCode, output()).toBeNull();
        const instances = await listInstances(redis, 'signal-fixture');
        expect(instances).toHaveLength(1);
        url = instances[0]?.url ?? '';
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/health/live`)).status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await listInstances(redis, 'signal-fixture')).toEqual([]);
    expect(output()).toContain('"msg":"deregistered"');
  });

  it('advertises ADVERTISED_URL when given, under SERVICE_NAME', async () => {
    const { child, exited, output } = runFixture({
      REGISTRY_REDIS_URL: infra.redis.url,
      REGISTRY_KEY_PREFIX: infra.redis.keyPrefix,
      ADVERTISED_URL: 'http://fixture.internal:8000',
      SERVICE_NAME: 'renamed-fixture',
    });
    await vi.waitFor(
      async () => {
        expect(child.exitCode, output()).toBeNull();
        const instances = await listInstances(redis, 'renamed-fixture');
        expect(instances.map((i) => i.url)).toEqual(['http://fixture.internal:8000']);
      },
      { timeout: 20_000, interval: 100 },
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('does not register without REGISTRY_REDIS_URL', async () => {
    const { child, exited, output } = runFixture({});
    await vi.waitFor(() => expect(output()).toContain('Server listening at'), { timeout: 20_000 });
    expect(output()).not.toContain('"msg":"registered"');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
