import type { ResourceReport } from './resource-sampler.ts';
import type { WorkCounts } from './work-counters.ts';

/** One component's work per measured order. */
export interface PerOrderRow {
  component: string;
  cpuMs: number;
  /** SQL statements its database role executed (pg_stat_statements calls). */
  statements: number;
  /** Explicit transactions its role committed (COMMIT statements). */
  commits: number;
}

export interface PerOrderFigures {
  orders: number;
  rows: PerOrderRow[];
  /** Whole stack: CPU ms, pg_stat_database xact_commit, statements, Kafka messages. */
  cpuMs: number;
  xactCommit: number;
  statements: number;
  messages: number;
  messagesByTopic: Record<string, number>;
}

/**
 * Divides the run's work by the orders measured. `roles` maps a component to its database role;
 * a role no component owns (the benchmark's own superuser) is reported under its role name.
 */
export function perOrder(
  orders: number,
  resources: ResourceReport,
  work: WorkCounts,
  roles: Record<string, string>,
): PerOrderFigures {
  const per = (value: number) => (orders > 0 ? value / orders : Number.NaN);
  const componentOfRole = new Map(Object.entries(roles).map(([c, r]) => [r, c]));
  const rows = new Map<string, PerOrderRow>();
  const row = (component: string) => {
    let found = rows.get(component);
    if (!found) {
      found = { component, cpuMs: 0, statements: 0, commits: 0 };
      rows.set(component, found);
    }
    return found;
  };
  for (const c of resources.components) row(c.component).cpuMs = per(c.cpuSeconds * 1000);
  for (const [role, calls] of Object.entries(work.statementsByRole)) {
    row(componentOfRole.get(role) ?? `role ${role}`).statements = per(calls);
  }
  for (const [role, commits] of Object.entries(work.commitsByRole)) {
    row(componentOfRole.get(role) ?? `role ${role}`).commits = per(commits);
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const messages = sum(Object.values(work.messagesByTopic));
  return {
    orders,
    rows: [...rows.values()].sort((a, b) => b.cpuMs - a.cpuMs),
    cpuMs: sum(resources.components.map((c) => per(c.cpuSeconds * 1000))),
    xactCommit: per(work.xactCommit),
    statements: per(sum(Object.values(work.statementsByRole))),
    messages: per(messages),
    messagesByTopic: Object.fromEntries(
      Object.entries(work.messagesByTopic).map(([topic, count]) => [topic, per(count)]),
    ),
  };
}
