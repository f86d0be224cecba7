import { describe, expect, it } from 'vitest';
import { infraComponentOf } from '../src/infra-processes.ts';
import { cpuTicksOfStat, kilobytesField, parentPidOfStat, readProcess } from '../src/proc.ts';

describe('reading /proc', () => {
  it('finds kB fields of status and smaps_rollup', () => {
    const status = 'Name:\tnode\nVmPeak:\t 900 kB\nVmRSS:\t  204632 kB\nRssAnon:\t 1 kB\n';
    expect(kilobytesField(status, 'VmRSS')).toBe(204632);
    expect(kilobytesField('Rss: 10 kB\nPss:  7 kB\nPss_Anon: 3 kB\n', 'Pss')).toBe(7);
    expect(kilobytesField(status, 'Pss')).toBe(0);
  });

  it('counts utime + stime after a command name with spaces and parentheses', () => {
    const stat = '42 (odd (name) x) S 1 42 42 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 1 0';
    expect(cpuTicksOfStat(stat)).toBe(325);
  });

  it('reads this process and nothing of one that does not exist', async () => {
    const reading = await readProcess(process.pid);
    expect(reading?.rssKb).toBeGreaterThan(0);
    expect(reading?.cpuTicks).toBeGreaterThanOrEqual(0);
    expect(await readProcess(2 ** 22 + 1)).toBeUndefined();
  });
});

describe('infraComponentOf', () => {
  const postgres = (cmdline: string) => ({ pid: 1, comm: 'postgres', cmdline });

  it('counts the Postgres server processes and the backends of this database only', () => {
    expect(infraComponentOf(postgres('/usr/lib/postgresql/15/bin/postgres -D /data'), 'tab')).toBe(
      'postgres',
    );
    expect(infraComponentOf(postgres('postgres: checkpointer'), 'tab')).toBe('postgres');
    expect(infraComponentOf(postgres('postgres: autovacuum launcher'), 'tab')).toBe('postgres');
    expect(
      infraComponentOf(postgres('postgres: order_service tab 127.0.0.1(46274) idle'), 'tab'),
    ).toBe('postgres');
    expect(
      infraComponentOf(postgres('postgres: order_service other 127.0.0.1(46274) idle'), 'tab'),
    ).toBeUndefined();
    expect(infraComponentOf(postgres('postgres: postgres tab [local] idle'), 'tab')).toBe(
      'postgres',
    );
  });

  it("counts only this run's servers when their pids are known", () => {
    const servers = { postgres: 10, redis: 20, kafka: 30 };
    const postgresOf = (pid: number, ppid: number) => ({
      pid,
      ppid,
      comm: 'postgres',
      cmdline: 'postgres: checkpointer',
    });
    expect(infraComponentOf(postgresOf(10, 1), 'tab', servers)).toBe('postgres');
    expect(infraComponentOf(postgresOf(11, 10), 'tab', servers)).toBe('postgres');
    expect(infraComponentOf(postgresOf(12, 99), 'tab', servers)).toBeUndefined();
    const redis = { pid: 21, ppid: 1, comm: 'redis-server', cmdline: 'redis-server' };
    expect(infraComponentOf(redis, 'tab', servers)).toBeUndefined();
    const kafka = { pid: 30, ppid: 1, comm: 'java', cmdline: 'java kafka.Kafka x.properties' };
    expect(infraComponentOf(kafka, 'tab', servers)).toBe('kafka');
    expect(parentPidOfStat('123 (a b) S 77 123 123 0')).toBe(77);
  });

  it('knows Redis and the Kafka JVM, and nothing else', () => {
    expect(infraComponentOf({ pid: 1, comm: 'redis-server', cmdline: 'redis-server' }, 'x')).toBe(
      'redis',
    );
    expect(
      infraComponentOf(
        { pid: 1, comm: 'java', cmdline: 'java -Xmx512m -cp lib/* kafka.Kafka server.properties' },
        'x',
      ),
    ).toBe('kafka');
    expect(infraComponentOf({ pid: 1, comm: 'java', cmdline: 'java -jar other.jar' }, 'x')).toBe(
      undefined,
    );
    expect(infraComponentOf({ pid: 1, comm: 'node', cmdline: 'node main.ts' }, 'x')).toBe(
      undefined,
    );
  });
});
