import cluster, { type Worker } from 'node:cluster';
import type { FastifyBaseLogger } from 'fastify';

type Log = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

/** A worker that dies sooner than this after it started is restarted after a growing delay. */
const quickDeathMs = 10_000;

/**
 * The primary of `GATEWAY_WORKERS` processes that share the gateway's port (node:cluster
 * hands each new connection to the next worker). It serves nothing itself: it starts the
 * workers, starts a worker again when one dies, and passes SIGTERM and SIGINT on, exiting
 * when all have drained. Everything the workers share (rate limits, the registry) is in
 * Redis, so they need nothing from each other.
 */
export function runPrimary(workers: number, log: Log): void {
  let stopping = false;
  let restartDelayMs = 0;
  const startedAt = new Map<number, number>();
  const alive = () => Object.keys(cluster.workers ?? {}).length;
  const fork = () => {
    if (stopping) return;
    startedAt.set(cluster.fork().id, Date.now());
  };
  for (let i = 0; i < workers; i++) fork();

  cluster.on('exit', (worker: Worker, code, signal) => {
    const livedMs = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      if (alive() === 0) process.exit(0);
      return;
    }
    // A worker that dies soon after it started (say, a port it cannot bind) would die again
    // at once: wait before the next, longer each time, instead of forking in a tight loop.
    restartDelayMs =
      livedMs < quickDeathMs ? Math.min(Math.max(restartDelayMs * 2, 500), 30_000) : 0;
    log.error(
      { worker: worker.process.pid, code, signal, restartInMs: restartDelayMs },
      'gateway worker died; starting another',
    );
    setTimeout(fork, restartDelayMs);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, workers }, 'stopping the gateway workers');
    if (alive() === 0) process.exit(0);
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
