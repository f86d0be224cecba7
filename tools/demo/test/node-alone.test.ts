import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@ecommerce/testkit';
import { afterAll, expect, it } from 'vitest';

// docker-compose.yml runs the demo in a bare Node container with only tools/demo and
// infra/seed mounted: it must load with nothing installed beside it.
const copy = mkdtempSync(join(tmpdir(), 'demo-alone-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

it('runs with Node alone: no package outside its folder, only the seed data', () => {
  const demo = join(repoRoot, 'tools/demo');
  for (const file of readdirSync(demo).filter((name) => name.endsWith('.ts'))) {
    if (file === 'vitest.config.ts') continue;
    cpSync(join(demo, file), join(copy, 'tools/demo', file));
  }
  cpSync(join(repoRoot, 'infra/seed'), join(copy, 'infra/seed'), { recursive: true });

  // Port 9 (discard) answers nothing: the demo gets as far as its first call to the gateway.
  const run = spawnSync(process.execPath, ['tools/demo/place-demo-orders.ts'], {
    cwd: copy,
    env: { PATH: process.env.PATH, GATEWAY_URL: 'http://127.0.0.1:9' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  expect(output).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find (module|package)/);
  expect(output).toMatch(/fetch failed|ECONNREFUSED/);
  expect(run.status).not.toBe(0);
});
