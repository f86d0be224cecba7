import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { helmSetupScript, validatorBinary, validatorSource } from './tools.ts';

/**
 * Before the chart's tests: Helm (pinned, from the Go module proxy; a no-op when installed)
 * and the strict manifest validator, built from its pinned go.mod/go.sum.
 */
export default function setup() {
  execFileSync('bash', [helmSetupScript], { stdio: 'inherit', timeout: 15 * 60_000 });
  mkdirSync(dirname(validatorBinary), { recursive: true });
  execFileSync('go', ['build', '-mod=readonly', '-o', validatorBinary, '.'], {
    cwd: validatorSource,
    stdio: 'inherit',
    timeout: 15 * 60_000,
    env: { ...process.env, CGO_ENABLED: '0' },
  });
}
