import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readPromql } from './support/promql.ts';

// The alert rules of infra/prometheus, checked and unit-tested by Prometheus's own promtool
// (Debian's prometheus package; bin/lib/setup.d/60-docker.sh installs it).

const dir = join(repoRoot, 'infra/prometheus');
const rules = parse(readFileSync(join(dir, 'alerts.yml'), 'utf8')) as {
  groups: { name: string; rules: { alert: string; expr: string }[] }[];
};
const alerts = rules.groups.flatMap((group) => group.rules);

function promtool(...args: string[]) {
  const run = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
  if (run.error)
    throw new Error(`promtool: ${run.error.message} (bin/lib/setup.d/60-docker.sh installs it)`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Metric names some app or package exports: the `name:` of every prom-client metric. */
function exportedMetricNames(): Set<string> {
  const names = new Set(['up']); // Prometheus's own, one per scrape target
  const sources = execFileSync('git', ['ls-files', 'apps/*/src/*.ts', 'packages/*/src/*.ts'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file && !file.endsWith('.test.ts'));
  for (const file of sources) {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    for (const [, name] of text.matchAll(/(?:name:|Name =) '([a-z_]+)'/g)) names.add(name ?? '');
  }
  return names;
}

describe('infra/prometheus/alerts.yml', () => {
  it('passes promtool check rules', () => {
    const { status, output } = promtool('check', 'rules', 'alerts.yml');
    expect(output).toContain(`SUCCESS: ${alerts.length} rules found`);
    expect(status, output).toBe(0);
  });

  it('passes its unit tests (promtool test rules alerts.test.yml)', () => {
    const { status, output } = promtool('test', 'rules', 'alerts.test.yml');
    expect(status, output).toBe(0);
    expect(output).toContain('SUCCESS');
  });

  it('is loaded by the Prometheus of docker-compose.yml', () => {
    const { status, output } = promtool('check', 'config', 'prometheus.yml');
    expect(status, output).toBe(0);
    expect(output).toContain(`SUCCESS: ${alerts.length} rules found`);
  });

  it('covers what an operator must know', () => {
    expect(alerts.map((rule) => rule.alert).sort()).toEqual([
      'CircuitOpen',
      'ConsumerLagGrowing',
      'DeadLetterPublished',
      'HighServerErrorRate',
      'OutboxBacklogGrowing',
      'SagaStalled',
      'SagaTimeoutsRising',
      'ServiceDown',
    ]);
  });

  it.each(alerts.map((rule) => [rule.alert, rule.expr] as const))(
    '%s reads only metrics the apps export',
    (_, expr) => {
      const exported = exportedMetricNames();
      const { metricNames, syntaxErrors } = readPromql(expr);
      expect(syntaxErrors).toEqual([]);
      for (const name of metricNames) {
        // A histogram is exported as <name>_bucket, <name>_sum and <name>_count.
        expect(exported, name).toContain(name.replace(/_(bucket|sum|count)$/, ''));
      }
    },
  );

  it('has a unit test for every alert', () => {
    const tests = readFileSync(join(dir, 'alerts.test.yml'), 'utf8');
    for (const { alert } of alerts) expect(tests).toContain(`alertname: ${alert}`);
    expect(readdirSync(dir).sort()).toEqual(['alerts.test.yml', 'alerts.yml', 'prometheus.yml']);
  });
});
