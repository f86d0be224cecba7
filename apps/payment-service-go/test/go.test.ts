import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const app = fileURLToPath(new URL('..', import.meta.url));
const go = (...args: string[]) =>
  run(`${app}/scripts/go.sh`, args, { cwd: app, maxBuffer: 32 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(
        `go ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? error.message}`,
      );
    },
  );

it('passes go vet', async () => {
  await go('vet', './...');
});

it('is formatted with gofmt', async () => {
  const { stdout } = await run('gofmt', ['-l', 'cmd', 'internal'], { cwd: app });
  expect(stdout.trim(), 'files gofmt would change').toBe('');
});

it('passes go test', async () => {
  // -json gives one event per test; each failure is printed with its output.
  const { stdout } = await go('test', '-count=1', '-json', './...');
  const results = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { Action: string; Package: string; Test?: string });
  const failed = results.filter((r) => r.Action === 'fail' && r.Test);
  const passed = results.filter((r) => r.Action === 'pass' && r.Test);
  expect(failed.map((r) => `${r.Package} ${r.Test}`)).toEqual([]);
  expect(passed.length).toBeGreaterThan(0);
});
