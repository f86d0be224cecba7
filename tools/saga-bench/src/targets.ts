import type { ResourceReport } from './resource-sampler.ts';
import type { SagaFigures } from './saga-figures.ts';

export interface TargetCheck {
  name: string;
  target: string;
  actual: string;
  met: boolean;
}

/** The figures the system is expected to reach on a 2-core machine. */
export function checkTargets(
  figures: SagaFigures,
  resources: ResourceReport,
  invariantViolations: number,
): TargetCheck[] {
  const gb = resources.peakTotalRssKb / 1024 / 1024;
  return [
    {
      name: 'throughput',
      target: '>= 200 orders/s',
      actual: `${figures.ordersPerSecond.toFixed(1)} orders/s`,
      met: figures.ordersPerSecond >= 200,
    },
    {
      name: 'p99 placement to terminal',
      target: '<= 300 ms',
      actual: `${figures.toTerminal.p99.toFixed(0)} ms`,
      met: figures.toTerminal.p99 <= 300,
    },
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
      name: 'peak RSS of the stack',
      target: '<= 1.5 GB',
      actual: `${gb.toFixed(2)} GB`,
      met: gb <= 1.5,
    },
  ];
}
