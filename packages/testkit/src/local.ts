import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo.ts';
import type { InfraSettings } from './settings.ts';

const infraCommand = join(repoRoot, 'infra/local/infra');

function run(args: string[], showOutput: boolean) {
  return spawnSync('bash', [infraCommand, ...args], {
    encoding: 'utf8',
    // Progress of a start goes to stderr so it shows in the test run without polluting results.
    stdio: ['ignore', showOutput ? process.stderr : 'pipe', showOutput ? process.stderr : 'pipe'],
  });
}

/** Servers run by infra/local, started first if they are not all running. */
export function localSettings(): InfraSettings {
  if (run(['status'], false).status !== 0) {
    const started = run(['start'], true);
    if (started.status !== 0) {
      throw new Error(
        `infra/local/infra start failed (exit ${started.status}); see its output above`,
      );
    }
  }
  const urls = run(['urls'], false);
  if (urls.status !== 0) throw new Error(`infra/local/infra urls failed: ${urls.stderr}`);
  const values = Object.fromEntries(
    urls.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  ) as Record<string, string>;
  const { POSTGRES_URL, REDIS_URL, KAFKA_BROKERS } = values;
  if (!POSTGRES_URL || !REDIS_URL || !KAFKA_BROKERS) {
    throw new Error(`infra/local/infra urls printed an unexpected answer: ${urls.stdout}`);
  }
  return {
    source: 'local',
    postgresUrl: POSTGRES_URL,
    redisUrl: REDIS_URL,
    kafkaBrokers: KAFKA_BROKERS.split(','),
  };
}
