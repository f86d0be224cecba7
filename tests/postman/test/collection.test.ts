import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isolatedInfra, repoRoot, type ServiceName } from '@ecommerce/testkit';
import newman, { type NewmanRunSummary } from 'newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSystem, startSystem } from '../../saga/test/system.ts';

/**
 * The Postman collection of docs/api, run by Newman against the whole system as processes
 * (every service and the gateway on free ports, this test's own database, topics and Redis
 * prefix), loaded with the development seed data as bin/up loads it. Only the collection's
 * baseUrl variable changes: the collection is what a client runs against a live system.
 * Budget: about a minute (start-up, seeds, 25 requests, the saga once).
 */
const collectionPath = join(repoRoot, 'docs/api/ecommerce.postman_collection.json');

interface CollectionItem {
  name: string;
  event?: { listen: string; script: { exec: string[] } }[];
}
const collection: { item: CollectionItem[] } = JSON.parse(readFileSync(collectionPath, 'utf8'));
const testScript = (item: CollectionItem) =>
  (item.event ?? [])
    .filter((event) => event.listen === 'test')
    .flatMap((event) => event.script.exec)
    .join('\n');

const infra = await isolatedInfra();
let system: RunningSystem;
let summary: NewmanRunSummary;

/** The services' own seed commands (as bin/up runs them), on this test's database. */
async function seed(name: ServiceName) {
  await promisify(execFile)(process.execPath, ['src/seed.ts'], {
    cwd: join(repoRoot, 'apps', name),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATABASE_URL: infra.postgres.urlFor(name),
      PASSWORD_HASH_COST: '14',
    },
  });
}

beforeAll(async () => {
  system = await startSystem(infra);
  for (const name of ['user-service', 'product-service', 'inventory-service'] as const) {
    await seed(name);
  }
  summary = await new Promise<NewmanRunSummary>((resolve, reject) =>
    newman.run(
      {
        collection: collectionPath,
        envVar: [{ key: 'baseUrl', value: system.gateway.url }],
        reporters: 'cli',
        reporter: { cli: { noSummary: false } },
        timeoutRequest: 15_000,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
}, 240_000);

afterAll(async () => {
  await system?.stop();
}, 60_000);

describe('the Postman collection', () => {
  it('checks the status of every request', () => {
    for (const item of collection.item) {
      expect(testScript(item), item.name).toMatch(/to\.have\.status\(|pm\.response\.code/);
    }
  });

  it('ran every request once at least, with no error and no failed assertion overall', () => {
    const names = new Set(summary.run.executions.map((execution) => execution.item.name));
    expect([...names]).toEqual(collection.item.map((item) => item.name));
    expect(summary.run.failures.map((f) => `${f.source?.name}: ${f.error.message}`)).toEqual([]);
  });

  describe.each(collection.item.map((item) => item.name))('%s', (name) => {
    it('passes its assertions', () => {
      const executions = summary.run.executions.filter((e) => e.item.name === name);
      const assertions = executions.flatMap((e) => e.assertions ?? []);
      expect(executions.length).toBeGreaterThan(0);
      expect(assertions.length).toBeGreaterThan(0);
      const failed = assertions
        .filter((a) => a.error)
        .map((a) => `${a.assertion}: ${a.error?.message}`);
      expect(failed, `answers: ${executions.map((e) => e.response?.code).join(', ')}`).toEqual([]);
    });
  });
});
