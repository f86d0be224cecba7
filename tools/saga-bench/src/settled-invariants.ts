import { allViolations, checkInvariants, type Violation } from '@ecommerce/invariants';

export interface InvariantsOutcome {
  violations: Violation[];
  /** From the first check to the one reported. */
  waitedMs: number;
}

/**
 * The invariants once the system has settled: compensations and notifications may still be on
 * their way when the last order turns terminal, so the check is repeated until it comes back
 * clean or `timeoutMs` passes; the last result is reported either way.
 */
export async function settledInvariants(
  databaseUrl: string,
  timeoutMs: number,
  onCheck?: (violations: number) => void,
): Promise<InvariantsOutcome> {
  const started = Date.now();
  for (;;) {
    const violations = allViolations(await checkInvariants(databaseUrl));
    const waitedMs = Date.now() - started;
    onCheck?.(violations.length);
    if (violations.length === 0 || waitedMs >= timeoutMs) return { violations, waitedMs };
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}
