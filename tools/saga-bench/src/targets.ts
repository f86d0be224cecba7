import type { PerOrderFigures } from './per-order.ts';
import type { ResourceReport } from './resource-sampler.ts';
import type { SagaFigures } from './saga-figures.ts';

export interface TargetCheck {
  name: string;
  target: string;
  actual: string;
  met: boolean;
}

/** Components that are Node processes of the system (the rest is Postgres, Kafka, Redis). */
const nodeComponent = (component: string) =>
  component === 'gateway' || component.endsWith('-service');

/**
 * The figures the system is expected to reach on a 2-core machine. Throughput is judged in a
 * closed loop, latency at a fixed rate: `fixedRate` says which kind of run this was.
 */
export function checkTargets(
  figures: SagaFigures,
  resources: ResourceReport,
  perOrder: PerOrderFigures,
  invariantViolations: number,
  fixedRate: boolean,
): TargetCheck[] {
  const pssGb = resources.peakTotalPssKb / 1024 / 1024;
  const idleNode = resources.components.filter((c) => nodeComponent(c.component));
  const idleMaxMb = Math.max(0, ...idleNode.map((c) => c.firstRssKb / 1024));
  const checks: TargetCheck[] = [];
  if (!fixedRate) {
    checks.push({
      name: 'throughput (closed loop)',
      target: '>= 200 orders/s',
      actual: `${figures.ordersPerSecond.toFixed(1)} orders/s`,
      met: figures.ordersPerSecond >= 200,
    });
  } else {
    checks.push(
      {
        name: 'p50 placement to terminal',
        target: '<= 100 ms',
        actual: `${figures.toTerminal.p50.toFixed(0)} ms`,
        met: figures.toTerminal.p50 <= 100,
      },
      {
        name: 'p99 placement to terminal',
        target: '<= 300 ms',
        actual: `${figures.toTerminal.p99.toFixed(0)} ms`,
        met: figures.toTerminal.p99 <= 300,
      },
    );
  }
  checks.push(
    {
      name: 'errors',
      target: '0',
      actual: String(figures.errors.total),
      met: figures.errors.total === 0,
    },
    {
      name: 'invariants',
      target: 'clean',
      actual: invariantViolations === 0 ? 'clean' : `${invariantViolations} violation(s)`,
      met: invariantViolations === 0,
    },
    {
      name: 'CPU per order, whole stack',
      target: '<= 10 ms',
      actual: `${perOrder.cpuMs.toFixed(1)} ms`,
      met: perOrder.cpuMs <= 10,
    },
    {
      name: 'Postgres commits per order',
      target: '<= 6',
      actual: perOrder.xactCommit.toFixed(1),
      met: perOrder.xactCommit <= 6,
    },
    {
      name: 'peak PSS of the stack',
      target: '<= 1.2 GB',
      actual: `${pssGb.toFixed(2)} GB`,
      met: pssGb <= 1.2,
    },
    {
      name: 'idle RSS of each Node service',
      target: '<= 100 MB',
      actual: `${idleMaxMb.toFixed(0)} MB (largest)`,
      met: idleMaxMb <= 100,
    },
  );
  return checks;
}
