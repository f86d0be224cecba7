import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@ecommerce/testkit';

/** Builds apps/payment-service-go/bin/payment-service once before the scenarios start it. */
export default async function setup() {
  const app = join(repoRoot, 'apps/payment-service-go');
  await promisify(execFile)(
    join(app, 'scripts/go.sh'),
    ['build', '-o', 'bin/payment-service', './cmd/payment-service'],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
}
