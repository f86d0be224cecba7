import { cpus, loadavg } from 'node:os';
import { createIsolation, type Isolation, serviceDatabases } from '@ecommerce/testkit';
import { localInfraPids, localInfraSettings } from './local-infra.ts';
import type { BenchOptions } from './options.ts';
import { readOutcomes, waitUntilTerminal } from './order-outcomes.ts';
import { type PerOrderFigures, perOrder } from './per-order.ts';
import { placeOrders } from './place-orders.ts';
import {
  type ResourceReport,
  type ResourceSampler,
  startResourceSampler,
} from './resource-sampler.ts';
import { type SagaFigures, sagaFigures } from './saga-figures.ts';
import { type StageTiming, sagaStages } from './saga-stages.ts';
import { type InvariantsOutcome, settledInvariants } from './settled-invariants.ts';
import { setUpShop } from './shop-setup.ts';
import { type RunningStack, startStack } from './stack.ts';
import { openWorkCounters, type WorkCounters, workBetween } from './work-counters.ts';

export interface SagaBenchResult {
  options: BenchOptions;
  cores: number;
  loadAverageBefore: number[];
  figures: SagaFigures;
  /** Where a confirmed order's time goes, stage by stage. */
  stages: StageTiming[];
  resources: ResourceReport;
  /** CPU, Postgres commits and statements, Kafka messages: per measured order. */
  perOrder: PerOrderFigures;
  invariants: InvariantsOutcome;
}

/**
 * The whole benchmark: its own database, topics and Redis prefix on infra/local; every service
 * and the gateway as processes; a shop with stock; a warm-up; the measured orders; the
 * invariants. Everything it started is stopped and removed, also when it fails or `signal`
 * aborts it.
 */
export async function runSagaBench(
  options: BenchOptions,
  progress: (line: string) => void,
  signal?: AbortSignal,
): Promise<SagaBenchResult> {
  const loadAverageBefore = loadavg();
  const infra: Isolation = await createIsolation(localInfraSettings());
  let stack: RunningStack | undefined;
  let sampler: ResourceSampler | undefined;
  let counters: WorkCounters | undefined;
  const abortable = <T>(promise: Promise<T>) =>
    signal
      ? Promise.race([
          promise,
          new Promise<never>((_, reject) => {
            if (signal.aborted) reject(signal.reason);
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          }),
        ])
      : promise;
  try {
    const db = infra.postgres.pool();
    progress(`database ${infra.postgres.database}: starting the services and the gateway`);
    stack = await abortable(
      startStack(infra, {
        paymentLatencyMs: options.paymentLatencyMs,
        ...(process.env.SAGA_BENCH_NODE_OPTIONS
          ? { nodeOptions: process.env.SAGA_BENCH_NODE_OPTIONS }
          : {}),
      }),
    );
    const gatewayUrl = stack.gatewayUrl;
    progress(
      `setting up ${options.products} products × ${options.stock} units, ${options.customers} customers`,
    );
    const shop = await abortable(setUpShop(gatewayUrl, db, options));

    sampler = startResourceSampler({
      processes: Object.fromEntries(
        Object.entries(stack.processes).map(([name, p]) => [name, p.child.pid ?? 0]),
      ),
      database: infra.postgres.database,
      servers: localInfraPids(),
      intervalMs: options.sampleMs,
    });
    const drainMs = options.drainTimeoutSeconds * 1000;
    if (options.warmup > 0) {
      progress(`warm-up: ${options.warmup} orders`);
      const warmup = await abortable(
        placeOrders(gatewayUrl, shop, {
          count: options.warmup,
          concurrency: options.concurrency,
          firstIndex: 0,
          rate: options.rate,
        }),
      );
      await abortable(
        waitUntilTerminal(
          db,
          warmup.placed.map((p) => p.orderId),
          drainMs,
        ),
      );
    }

    progress(
      `measured run: ${options.orders} orders, concurrency ${options.concurrency}${options.rate ? `, ${options.rate} orders/s` : ''}`,
    );
    counters = await openWorkCounters({
      adminUrl: infra.postgres.adminUrl,
      database: infra.postgres.database,
      kafka: infra.kafka.client(),
      topicPrefix: infra.kafka.topic(''),
    });
    const workBefore = await counters.snapshot();
    await sampler.markStart();
    const placements = await abortable(
      placeOrders(gatewayUrl, shop, {
        count: options.orders,
        concurrency: options.concurrency,
        firstIndex: options.warmup,
        rate: options.rate,
      }),
    );
    const orderIds = placements.placed.map((p) => p.orderId);
    let reported = Date.now();
    await abortable(
      waitUntilTerminal(db, orderIds, drainMs, (terminal) => {
        if (Date.now() - reported < 5_000) return;
        reported = Date.now();
        progress(`  ${terminal}/${orderIds.length} terminal`);
      }),
    );
    await sampler.markEnd();
    const figures = sagaFigures(options.orders, placements, await readOutcomes(db, orderIds));
    const stages = await sagaStages(db, orderIds);

    progress('checking the invariants');
    const invariants = await abortable(
      settledInvariants(infra.postgres.adminUrl, options.settleTimeoutSeconds * 1000, (count) => {
        if (count > 0) progress(`  ${count} violation(s), checking again`);
      }),
    );
    const resources = await sampler.stop();
    sampler = undefined;
    // After the invariants: the saga's last events (commit of stock, notifications) are in.
    const work = workBetween(workBefore, await counters.snapshot());
    const roles = Object.fromEntries(
      Object.entries(serviceDatabases).map(([name, { role }]) => [name, role]),
    );
    return {
      options,
      cores: cpus().length,
      loadAverageBefore,
      figures,
      stages,
      resources,
      perOrder: perOrder(figures.placed, resources, work, roles),
      invariants,
    };
  } finally {
    await sampler?.stop();
    await counters?.close();
    const exits = await stack?.stop();
    const unclean = Object.entries(exits ?? {}).filter(([, code]) => code !== 0);
    if (unclean.length > 0) {
      progress(`not stopped cleanly: ${unclean.map(([n, c]) => `${n} (${c})`).join(', ')}`);
    }
    await infra.cleanup();
  }
}
