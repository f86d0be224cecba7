import type { ProcessIdentity } from './proc.ts';

export type InfraComponent = 'postgres' | 'redis' | 'kafka';

// `postgres: <role> <database> <client address> <state>`: a backend serving one connection.
const postgresBackend = /^postgres: \S+ (\S+) (?:\S+\(\d+\)|\[local\])/;

/**
 * Which shared server a process belongs to, counting only what this run uses: the Postgres
 * server's own processes and the backends connected to `database` (other databases on the
 * same cluster are someone else's), Redis, and the Kafka broker's JVM.
 */
export function infraComponentOf(
  process: ProcessIdentity,
  database: string,
): InfraComponent | undefined {
  if (process.comm === 'postgres') {
    const backend = postgresBackend.exec(process.cmdline);
    return backend && backend[1] !== database ? undefined : 'postgres';
  }
  if (process.comm === 'redis-server') return 'redis';
  if (process.comm === 'java' && /\bkafka\.Kafka\b/.test(process.cmdline)) return 'kafka';
  return undefined;
}
