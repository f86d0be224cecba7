import type { Isolation } from '@ecommerce/testkit';
import pg from 'pg';

/**
 * Counts of work done by the stack that a busy machine cannot move: transactions Postgres
 * committed in the run's database, SQL statements each role executed (pg_stat_statements),
 * and messages written to each of the run's topics (the sum of partition end offsets).
 */
export interface WorkCounts {
  xactCommit: number;
  /** Statements executed, by database role (each service has its own). */
  statementsByRole: Record<string, number>;
  /** COMMIT statements by role: the explicit transactions (autocommit statements are not in it). */
  commitsByRole: Record<string, number>;
  /** Messages written, by topic (prefix removed). */
  messagesByTopic: Record<string, number>;
}

export interface WorkCounters {
  snapshot(): Promise<WorkCounts>;
  close(): Promise<void>;
}

/** Waits past Postgres' statistics flush interval (1 s), so that the counts include every commit. */
const STATS_FLUSH_MS = 1_500;

/**
 * Reads the counters of the run's database (as a superuser, through `adminUrl`) and topics.
 * Enables pg_stat_statements in that database; the server must preload it (infra/local does).
 */
export async function openWorkCounters(options: {
  adminUrl: string;
  database: string;
  kafka: ReturnType<Isolation['kafka']['client']>;
  topicPrefix: string;
}): Promise<WorkCounters> {
  const client = new pg.Client({ connectionString: options.adminUrl });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const admin = options.kafka.admin();
  await admin.connect();

  async function messagesByTopic(): Promise<Record<string, number>> {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(options.topicPrefix));
    const counts: Record<string, number> = {};
    for (const topic of topics.sort()) {
      const offsets = await admin.fetchTopicOffsets(topic);
      counts[topic.slice(options.topicPrefix.length)] = offsets.reduce(
        (sum, p) => sum + Number(p.high),
        0,
      );
    }
    return counts;
  }

  return {
    async snapshot() {
      await new Promise((resolve) => setTimeout(resolve, STATS_FLUSH_MS));
      await client.query('SELECT pg_stat_clear_snapshot()');
      const { rows: commits } = await client.query<{ xact_commit: string }>(
        'SELECT xact_commit::text FROM pg_stat_database WHERE datname = $1',
        [options.database],
      );
      const { rows: statements } = await client.query<{
        role: string;
        calls: string;
        commits: string;
      }>(
        `SELECT r.rolname AS role, sum(s.calls)::text AS calls,
                coalesce(sum(s.calls) FILTER (WHERE upper(s.query) IN ('COMMIT', 'COMMIT;')), 0)::text AS commits
         FROM pg_stat_statements s
         JOIN pg_database d ON d.oid = s.dbid
         JOIN pg_roles r ON r.oid = s.userid
         WHERE d.datname = $1
         GROUP BY r.rolname`,
        [options.database],
      );
      return {
        xactCommit: Number(commits[0]?.xact_commit ?? 0),
        statementsByRole: Object.fromEntries(statements.map((s) => [s.role, Number(s.calls)])),
        commitsByRole: Object.fromEntries(statements.map((s) => [s.role, Number(s.commits)])),
        messagesByTopic: await messagesByTopic(),
      };
    },
    async close() {
      await Promise.all([client.end(), admin.disconnect()]);
    },
  };
}

const delta = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(after)
      .map(([key, value]) => [key, value - (before[key] ?? 0)] as const)
      .filter(([, value]) => value !== 0),
  );

/** The work between two snapshots. */
export function workBetween(before: WorkCounts, after: WorkCounts): WorkCounts {
  return {
    xactCommit: after.xactCommit - before.xactCommit,
    statementsByRole: delta(after.statementsByRole, before.statementsByRole),
    commitsByRole: delta(after.commitsByRole, before.commitsByRole),
    messagesByTopic: delta(after.messagesByTopic, before.messagesByTopic),
  };
}
