import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Orders measured. */
  orders: number;
  /** Placements in flight at once (closed loop: each finished placement starts the next). */
  concurrency: number;
  /**
   * Orders started per second (0: as fast as the workers go). A fixed rate shows the latency
   * at a load the system can sustain; the closed loop alone shows its ceiling.
   */
  rate: number;
  /** Orders placed and drained before measuring: JIT, pools, Kafka consumer groups. */
  warmup: number;
  products: number;
  /** Units of each product in stock, so no order runs out. */
  stock: number;
  /** Distinct customers the orders are spread over (each logs in once). */
  customers: number;
  /** The simulated payment provider's latency (payment-service PAYMENT_PROVIDER_LATENCY_MS). */
  paymentLatencyMs: number;
  /** How long after the last placement every order must have reached a terminal state. */
  drainTimeoutSeconds: number;
  /** Memory and CPU sampling interval. */
  sampleMs: number;
  /** How long the invariants may take to come clean after the last order is terminal. */
  settleTimeoutSeconds: number;
}

export const defaultOptions: BenchOptions = {
  orders: 3000,
  concurrency: 32,
  rate: 0,
  warmup: 200,
  products: 20,
  stock: 100_000,
  customers: 8,
  paymentLatencyMs: 20,
  drainTimeoutSeconds: 180,
  sampleMs: 250,
  settleTimeoutSeconds: 180,
};

const flags = {
  orders: 'orders',
  concurrency: 'concurrency',
  rate: 'rate',
  warmup: 'warmup',
  products: 'products',
  stock: 'stock',
  customers: 'customers',
  paymentLatencyMs: 'payment-latency-ms',
  drainTimeoutSeconds: 'drain-timeout-s',
  sampleMs: 'sample-ms',
  settleTimeoutSeconds: 'settle-timeout-s',
} as const satisfies Record<keyof BenchOptions, string>;

/** Minimum of each option; anything below is refused rather than silently changed. */
const minimums: Record<keyof BenchOptions, number> = {
  orders: 1,
  concurrency: 1,
  rate: 0,
  warmup: 0,
  products: 1,
  stock: 1,
  customers: 1,
  paymentLatencyMs: 0,
  drainTimeoutSeconds: 1,
  sampleMs: 10,
  settleTimeoutSeconds: 0,
};

export const usage = `Usage: pnpm --filter @ecommerce/saga-bench bench [-- options]
${(Object.keys(flags) as (keyof BenchOptions)[])
  .map((key) => `  --${flags[key].padEnd(20)} default ${defaultOptions[key]}`)
  .join('\n')}`;

/** Reads `--name value` / `--name=value` options; throws with the offending flag on bad input. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: Object.fromEntries(
      Object.values(flags).map((flag) => [flag, { type: 'string' as const }]),
    ),
  });
  const options = { ...defaultOptions };
  for (const key of Object.keys(flags) as (keyof BenchOptions)[]) {
    const raw = values[flags[key]];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < minimums[key]) {
      throw new Error(`--${flags[key]} must be an integer >= ${minimums[key]}, got "${raw}"`);
    }
    options[key] = value;
  }
  if (options.products < 2) throw new Error('--products must be at least 2 (orders have 2 lines)');
  return options;
}
