import type pg from 'pg';

/** One broken promise, with enough detail to find the rows. */
export interface Violation {
  check: string;
  detail: string;
}

export interface InvariantCheck {
  name: string;
  /** What must hold, in words; printed next to the result. */
  rule: string;
  /** Rows returned are violations; each has a `detail` column. */
  run(db: pg.ClientBase, options: CheckOptions): Promise<string[]>;
}

export interface CheckOptions {
  /** An order younger than this may still be on its way to a terminal state. */
  sagaDeadlineMs: number;
  /** Extra time for the deadline sweeper and compensations to finish. */
  graceMs: number;
}

/** Runs a query whose rows each describe one violation in a `detail` column. */
export async function violations(
  db: pg.ClientBase,
  sql: string,
  values: unknown[] = [],
): Promise<string[]> {
  const { rows } = await db.query<{ detail: string }>(sql, values);
  return rows.map((row) => row.detail);
}
