#!/usr/bin/env node
/**
 * `pnpm --filter @ecommerce/saga-bench bench [-- --orders 3000 --concurrency 32 ...]`: the
 * order saga benchmark against infra/local (which must be running). Loopback only, bounded in
 * orders and time; it stops and removes everything it started.
 */
import { defaultOptions, parseOptions, usage } from './options.ts';
import {
  formatFigures,
  formatPerOrder,
  formatResources,
  formatStages,
  formatTargets,
} from './report.ts';
import { runSagaBench } from './run-saga-bench.ts';
import { checkTargets } from './targets.ts';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
if (args.includes('--help')) {
  console.log(usage);
  process.exit(0);
}
let options = defaultOptions;
try {
  options = parseOptions(args);
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}

const abort = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => abort.abort(new Error(`interrupted (${signal}); cleaning up`)));
}

const result = await runSagaBench(options, (line) => console.error(line), abort.signal);
const { figures, resources, invariants } = result;
console.log(
  `\nOrder saga through the gateway: ${options.orders} orders (after ${options.warmup} warm-up), concurrency ${options.concurrency}${options.rate ? `, started at ${options.rate} orders/s` : ' (closed loop)'}, ${options.customers} customers, ${options.products} products, payment provider latency ${options.paymentLatencyMs} ms`,
);
console.log(
  `${result.cores} cores, load average before the run ${result.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}\n`,
);
console.log(formatFigures(figures));
console.log(`\n${formatStages(result.stages)}`);
console.log(`\n${formatResources(resources)}`);
console.log(
  `(${resources.samples} samples every ${options.sampleMs} ms from the warm-up to the invariants; Postgres counts its server processes and this run's backends)`,
);
console.log(`\n${formatPerOrder(result.perOrder)}`);
console.log(
  '(CPU from the first measured placement to the last terminal order; statements, commits and messages from the first measured placement to the clean invariants check, the saga\'s last events included; "role postgres" is the benchmark\'s own polling)',
);
console.log(
  invariants.violations.length === 0
    ? `\ninvariants: clean (after ${(invariants.waitedMs / 1000).toFixed(1)} s)`
    : `\ninvariants: ${invariants.violations.length} violation(s)\n${invariants.violations
        .slice(0, 20)
        .map((v) => `  ${v.check}: ${v.detail}`)
        .join('\n')}`,
);
console.log(
  `\n${formatTargets(checkTargets(figures, resources, result.perOrder, invariants.violations.length, options.rate > 0))}`,
);
