import type { ProcessIdentity } from './proc.ts';

export type InfraComponent = 'postgres' | 'redis' | 'kafka';

// `postgres: <role> <database> <client address> <state>`: a backend serving one connection.
const postgresBackend = /^postgres: \S+ (\S+) (?:\S+\(\d+\)|\[local\])/;

/** Process ids of this run's servers (`infra/local/infra status`), when known. */
export interface InfraServerPids {
  postgres?: number;
  redis?: number;
  kafka?: number;
}

/**
 * Which shared server a process belongs to, counting only what this run uses: the Postgres
 * server's own processes and the backends connected to `database` (other databases on the
 * same cluster are someone else's), Redis, and the Kafka broker's JVM. With `servers`, only
 * those servers count (the Postgres postmaster and its children): a machine may run other
 * clusters, brokers and Redis servers of its own.
 */
export function infraComponentOf(
  process: ProcessIdentity,
  database: string,
  servers: InfraServerPids = {},
): InfraComponent | undefined {
  const ours = (server: number | undefined) =>
    server === undefined || process.pid === server || process.ppid === server;
  if (process.comm === 'postgres') {
    if (!ours(servers.postgres)) return undefined;
    const backend = postgresBackend.exec(process.cmdline);
    return backend && backend[1] !== database ? undefined : 'postgres';
  }
  if (process.comm === 'redis-server') return ours(servers.redis) ? 'redis' : undefined;
  if (process.comm === 'java' && /\bkafka\.Kafka\b/.test(process.cmdline)) {
    return ours(servers.kafka) ? 'kafka' : undefined;
  }
  return undefined;
}
