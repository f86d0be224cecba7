import type { PerOrderFigures } from './per-order.ts';
import type { ResourceReport } from './resource-sampler.ts';
import type { SagaFigures } from './saga-figures.ts';
import type { StageTiming } from './saga-stages.ts';
import type { LatencySummary } from './statistics.ts';
import type { TargetCheck } from './targets.ts';

/** A Markdown table, columns padded to their widest cell; numbers right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^[\d.,-]+$/.test(r[i] ?? '')),
  );
  const cell = (text: string, i: number) =>
    numeric[i] ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0);
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const ms = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(0));
const mb = (kb: number) => (kb / 1024).toFixed(0);
const latencyRow = (name: string, l: LatencySummary) => [
  name,
  String(l.count),
  ms(l.p50),
  ms(l.p95),
  ms(l.p99),
  ms(l.max),
];

export function formatFigures(figures: SagaFigures): string {
  const cancelled = Object.entries(figures.errors.cancelled)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  const failures = Object.entries(figures.placementFailures)
    .map(([outcome, count]) => `${outcome} ×${count}`)
    .join(', ');
  return [
    `orders/s: ${figures.ordersPerSecond.toFixed(1)} (${figures.placed} placed, ${figures.confirmed} confirmed, first placement to last terminal state ${figures.windowSeconds.toFixed(2)} s)`,
    '',
    table(
      ['latency (ms)', 'orders', 'p50', 'p95', 'p99', 'max'],
      [
        latencyRow('placement to terminal', figures.toTerminal),
        latencyRow('POST /api/orders', figures.placement),
      ],
    ),
    '',
    `errors: ${figures.errors.total} (placement failed ${figures.errors.placementFailed}${failures ? ` [${failures}]` : ''}, not terminal ${figures.errors.notTerminal}, cancelled ${cancelled || '0'})`,
  ].join('\n');
}

export function formatResources(resources: ResourceReport): string {
  const rows = [...resources.components]
    .sort((a, b) => b.peakRssKb - a.peakRssKb)
    .map((c) => [
      c.component,
      mb(c.firstRssKb),
      mb(c.peakRssKb),
      mb(c.peakPssKb),
      c.cpuSeconds.toFixed(1),
    ]);
  rows.push([
    'whole stack (peak of the sum)',
    mb(resources.components.reduce((sum, c) => sum + c.firstRssKb, 0)),
    mb(resources.peakTotalRssKb),
    mb(resources.peakTotalPssKb),
    resources.components.reduce((sum, c) => sum + c.cpuSeconds, 0).toFixed(1),
  ]);
  return table(
    ['component', 'idle RSS MB', 'peak RSS MB', 'peak PSS MB', 'CPU s (measured run)'],
    rows,
  );
}

export function formatTargets(checks: TargetCheck[]): string {
  return table(
    ['target', 'wanted', 'measured', ''],
    checks.map((c) => [c.name, c.target, c.actual, c.met ? 'met' : 'MISSED']),
  );
}

export function formatStages(stages: StageTiming[]): string {
  return table(
    ['confirmed orders: ms since placement', 'orders', 'p50', 'p99'],
    stages.map((s) => [s.stage, String(s.orders), ms(s.p50), ms(s.p99)]),
  );
}

const fixed = (value: number, digits: number) =>
  Number.isNaN(value) ? '-' : value.toFixed(digits);

export function formatPerOrder(figures: PerOrderFigures): string {
  const rows = figures.rows.map((r) => [
    r.component,
    fixed(r.cpuMs, 2),
    fixed(r.statements, 2),
    fixed(r.commits, 2),
  ]);
  rows.push(['whole stack', fixed(figures.cpuMs, 2), fixed(figures.statements, 2), '']);
  const topics = Object.entries(figures.messagesByTopic)
    .map(([topic, count]) => `${topic} ${fixed(count, 2)}`)
    .join(', ');
  return [
    table(['per order', 'CPU ms', 'SQL statements', 'COMMITs'], rows),
    '',
    `per order: ${fixed(figures.cpuMs, 2)} CPU ms, ${fixed(figures.xactCommit, 2)} Postgres transactions committed (pg_stat_database xact_commit), ${fixed(figures.statements, 2)} SQL statements (pg_stat_statements calls), ${fixed(figures.messages, 2)} Kafka messages produced (${topics || 'none'})`,
  ].join('\n');
}
