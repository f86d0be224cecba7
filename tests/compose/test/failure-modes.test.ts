import { afterEach, describe, expect, inject, it } from 'vitest';
import { ComposeProject } from './support/compose-project.ts';

// The compose suite's test of itself: each override under tests/compose/broken breaks one thing
// the way a change to docker-compose.yml could, and the steps compose-up.test.ts relies on must
// fail. About 5 minutes each on warm images (an unhealthy verdict waits out the healthchecks'
// start period), so it runs on request:
//   COMPOSE_FAILURE_MODES=1 bin/test failure-modes

const docker = inject('docker');
let project: ComposeProject | undefined;

afterEach(async () => {
  await project?.down();
});

async function broken(file: string) {
  project = await ComposeProject.create(docker, `ecommerce-broken-${file.replace('.yml', '')}`, [
    `tests/compose/broken/${file}`,
  ]);
  return project;
}

describe.runIf(process.env.COMPOSE_FAILURE_MODES === '1')('the compose suite fails on', () => {
  it('a broken environment variable: up reports the service that never became healthy', async () => {
    const up = await (await broken('broken-environment.yml')).compose(['up', '-d'], {
      allowFailure: true,
      timeoutMs: 900_000,
    });
    console.log(`broken environment variable: up exited ${up.code}\n${up.stderr.slice(-1500)}`);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toMatch(/order-service-1.*(unhealthy|exited)/);
  }, 1_000_000);

  it('a wrong healthcheck: up reports the gateway unhealthy', async () => {
    const up = await (await broken('wrong-healthcheck.yml')).compose(['up', '-d'], {
      allowFailure: true,
      timeoutMs: 900_000,
    });
    console.log(`wrong healthcheck: up exited ${up.code}\n${up.stderr.slice(-1500)}`);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toMatch(/gateway-1 is unhealthy/);
  }, 1_000_000);

  it('a missing dependency: the demo starts too early and exits non-zero', async () => {
    const current = await broken('missing-dependency.yml');
    await current.compose(['up', '-d', 'demo'], { allowFailure: true, timeoutMs: 600_000 });
    const [demo = ''] = await current.containers('demo');
    const { stdout } = await current.cli(['wait', demo], { timeoutMs: 240_000 });
    const logs = await current.cli(['logs', demo], { allowFailure: true });
    console.log(`missing dependency: demo exited ${stdout.trim()}\n${logs.stderr.slice(-1500)}`);
    expect(Number(stdout.trim())).not.toBe(0);
  }, 1_000_000);
});
