import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@ecommerce/testkit';

const run = promisify(execFile);
const app = join(repoRoot, 'apps/payment-service-go');

/** Builds the Go payment-service (modules from .tools/go/mod) and returns its binary's path. */
export async function buildGoPaymentService(): Promise<string> {
  const binary = join(app, 'bin/payment-service');
  await run(join(app, 'scripts/go.sh'), ['build', '-o', binary, './cmd/payment-service'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return binary;
}
