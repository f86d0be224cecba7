#!/usr/bin/env node
/**
 * `pnpm invariants`: checks the system's data and prints every violation; exit 1 if any.
 * DATABASE_ADMIN_URL (default: the local development superuser) must reach every schema.
 */
import { allViolations, checkInvariants } from './index.ts';

// DEVELOPMENT DEFAULT: the local superuser created by infra/local.
const databaseUrl =
  process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/ecommerce';
const sagaDeadlineMs = Number(process.env.SAGA_DEADLINE_MS ?? 30_000);
const graceMs = Number(process.env.INVARIANTS_GRACE_MS ?? 5_000);

const results = await checkInvariants(databaseUrl, { sagaDeadlineMs, graceMs });
for (const { check, violations } of results) {
  const mark = violations.length === 0 ? 'ok  ' : 'FAIL';
  console.log(`${mark} ${check.name}: ${check.rule}`);
  for (const detail of violations.slice(0, 20)) console.log(`       ${detail}`);
  if (violations.length > 20) console.log(`       ... and ${violations.length - 20} more`);
}
const total = allViolations(results).length;
console.log(total === 0 ? 'invariants: clean' : `invariants: ${total} violation(s)`);
process.exitCode = total === 0 ? 0 : 1;
