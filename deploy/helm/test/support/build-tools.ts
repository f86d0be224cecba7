import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { helmSetupScript, validatorBinary, validatorSource } from './tools.ts';

/**
 * Before the chart's tests: Helm (pinned, from the Go module proxy; a no-op when installed)
 * and the strict manifest validator, built from its pinned go.mod/go.sum.
 */
// From source on a fresh Go cache: a few minutes, more than fifteen on a busy 2-core machine.
const buildTimeout = 40 * 60_000;

export default function setup() {
  execFileSync('bash', [helmSetupScript], { stdio: 'inherit', timeout: buildTimeout });
  mkdirSync(dirname(validatorBinary), { recursive: true });
  execFileSync('go', ['build', '-mod=readonly', '-o', validatorBinary, '.'], {
    cwd: validatorSource,
    stdio: 'inherit',
    timeout: buildTimeout,
    env: { ...process.env, CGO_ENABLED: '0' },
  });
}
