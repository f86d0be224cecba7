import cluster, { type Worker } from 'node:cluster';
import type { FastifyBaseLogger } from 'fastify';

type Log = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

/**
 * The primary of `GATEWAY_WORKERS` processes that share the gateway's port (node:cluster
 * hands each new connection to the next worker). It serves nothing itself: it starts the
 * workers, starts a worker again when one dies, and passes SIGTERM and SIGINT on, exiting
 * when all have drained. Everything the workers share (rate limits, the registry) is in
 * Redis, so they need nothing from each other.
 */
export function runPrimary(workers: number, log: Log): void {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < workers; i++) fork();

  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.error(
      { worker: worker.process.pid, code, signal },
      'gateway worker died; starting another',
    );
    fork();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, workers }, 'stopping the gateway workers');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** In a worker: a primary that went away (even killed outright) takes its workers along. */
export function followPrimary(): void {
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

export const isWorkerPrimary = (workers: number) => workers > 1 && cluster.isPrimary;
export const isClusterWorker = () => cluster.isWorker;
