import pg from 'pg';
import type { CheckOptions, InvariantCheck, Violation } from './check.ts';
import {
  cancelledOrdersCompensated,
  confirmedOrdersSettled,
} from './checks/cancelled-charges-refunded.ts';
import { noOrderStuck } from './checks/no-order-stuck.ts';
import { oneCapturePerOrder } from './checks/one-capture-per-order.ts';
import { oneNotificationPerTerminalOrder } from './checks/one-notification-per-terminal-order.ts';
import { refundedOrdersReturned } from './checks/refunded-orders-returned.ts';
import { stockConserved } from './checks/stock-conserved.ts';

export type { CheckOptions, InvariantCheck, Violation } from './check.ts';

export const invariantChecks: InvariantCheck[] = [
  stockConserved,
  oneCapturePerOrder,
  cancelledOrdersCompensated,
  confirmedOrdersSettled,
  refundedOrdersReturned,
  oneNotificationPerTerminalOrder,
  noOrderStuck,
];

export interface CheckResult {
  check: InvariantCheck;
  violations: string[];
}

/**
 * Reads every service's schema (it needs a role that can: the superuser in development) in
 * one repeatable-read snapshot, so rows moving between checks cannot fake a violation.
 */
export async function checkInvariants(
  databaseUrl: string,
  options: Partial<CheckOptions> = {},
): Promise<CheckResult[]> {
  const settings: CheckOptions = { sagaDeadlineMs: 30_000, graceMs: 5_000, ...options };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const results: CheckResult[] = [];
    for (const check of invariantChecks) {
      results.push({ check, violations: await check.run(client, settings) });
    }
    await client.query('COMMIT');
    return results;
  } finally {
    await client.end();
  }
}

export function allViolations(results: CheckResult[]): Violation[] {
  return results.flatMap(({ check, violations }) =>
    violations.map((detail) => ({ check: check.name, detail })),
  );
}
