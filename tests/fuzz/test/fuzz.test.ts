import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, isolatedInfra, repoRoot, type ServiceName } from '@ecommerce/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type RunningSystem, startSystem } from '../../saga/test/system.ts';
import { fuzzSettings } from './fuzz-settings.ts';
import {
  type FuzzResult,
  fuzz,
  schemathesisBin,
  schemathesisInstalled,
  writeAuthDocument,
} from './schemathesis.ts';

/**
 * Schemathesis against every service's OpenAPI document and the gateway's merged one, with
 * every check it has, as admin and as two customers whose objects must stay apart. The
 * documents are the ones the running processes serve. The run ends with the invariants.
 */
const settings = fuzzSettings(process.env);
const targets: (ServiceName | 'gateway')[] = [
  'user-service',
  'product-service',
  'inventory-service',
  'order-service',
  'payment-service',
  'notification-service',
  'gateway',
];

const infra = await isolatedInfra();
let system: RunningSystem;
let authDocument: string;
let reports: string;

async function login(url: string, email: string, password: string): Promise<string> {
  const res = await call(`${url}/auth/login`, { body: { email, password } });
  expect(res.status, `login ${email}`).toBe(200);
  return res.body.accessToken as string;
}

beforeAll(async () => {
  expect(schemathesisInstalled(), `${schemathesisBin} (bin/lib/setup.d/12-schemathesis.sh)`).toBe(
    true,
  );
  system = await startSystem(infra, {
    // A short deadline, so every order the fuzzer placed is finished when the invariants run.
    'order-service': { SAGA_DEADLINE_MS: '5000' },
    'user-service': { ACCESS_TOKEN_TTL_SECONDS: '7200' },
    // Two cores shared by the fuzzer and every process: a slow health check is load, not an
    // instance to take out of rotation.
    gateway: { HEALTH_CHECK_TIMEOUT_MS: '5000' },
  });
  const users = system.services['user-service'].url;
  const customers = [
    { name: 'alice', email: 'alice@fuzz.test', password: 'alice-fuzz-password-1' },
    { name: 'bob', email: 'bob@fuzz.test', password: 'bob-fuzz-password-1' },
  ];
  const tokens = [{ name: 'admin', token: await login(users, admin.email, admin.password) }];
  for (const customer of customers) {
    const { status } = await call(`${users}/auth/register`, {
      body: { email: customer.email, password: customer.password, name: customer.name },
    });
    expect(status).toBe(201);
    tokens.push({
      name: customer.name,
      token: await login(users, customer.email, customer.password),
    });
  }
  reports = await mkdtemp(join(tmpdir(), 'fuzz-'));
  authDocument = join(reports, 'auth.json');
  await writeAuthDocument(authDocument, tokens, ['alice', 'bob']);
  console.log(
    `fuzz: seed ${settings.seed}, ${settings.maxExamples} examples, reports in ${reports}`,
  );
}, 240_000);

afterAll(async () => {
  await system?.stop();
}, 60_000);

const results = new Map<string, FuzzResult>();

describe.each(targets)('%s', (target) => {
  it('answers every fuzzed request as its OpenAPI document says', async () => {
    const baseUrl = target === 'gateway' ? system.gateway.url : system.services[target].url;
    const reportDir = join(reports, target);
    await mkdir(reportDir, { recursive: true });
    const started = Date.now();
    const result = await fuzz({ ...settings, baseUrl, reportDir, authDocument });
    results.set(target, result);
    console.log(`fuzz ${target}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const failed = [...result.operations.values()].filter((op) => op.failures.length > 0);
    const findings = failed.map((op) => `${op.operation}\n${op.failures.join('\n')}`).join('\n\n');
    expect(result.operations.size, result.output).toBeGreaterThan(0);
    expect(
      failed.map((op) => op.operation),
      `${findings}\n\n${result.output}`,
    ).toEqual([]);
    expect(result.exitCode, result.output).toBe(0);
  });
});

describe('after the fuzz run', () => {
  it('leaves data the invariants accept', async () => {
    // Orders still in flight reach a terminal state within the (short) saga deadline.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const run = spawnSync(process.execPath, [join(repoRoot, 'tools/invariants/src/cli.ts')], {
      env: {
        ...process.env,
        DATABASE_ADMIN_URL: infra.postgres.adminUrl,
        SAGA_DEADLINE_MS: '5000',
      },
      encoding: 'utf8',
    });
    console.log(run.stdout);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  });
});
