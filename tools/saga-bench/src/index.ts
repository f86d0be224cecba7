export { type BenchOptions, defaultOptions, parseOptions } from './options.ts';
export { runSagaBench, type SagaBenchResult } from './run-saga-bench.ts';
export type { SagaFigures } from './saga-figures.ts';
export { checkTargets, type TargetCheck } from './targets.ts';
