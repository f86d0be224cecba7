import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type InfraSettings, repoRoot } from '@ecommerce/testkit';
import type { InfraServerPids } from './infra-processes.ts';

/** The servers infra/local runs (`bin/up` or `infra/local/infra start`); never starts them. */
export function localInfraSettings(): InfraSettings {
  const infra = join(repoRoot, 'infra/local/infra');
  try {
    execFileSync('bash', [infra, 'status'], { stdio: 'ignore' });
  } catch {
    throw new Error('infra/local is not running: start it with `infra/local/infra start`');
  }
  const output = execFileSync('bash', [infra, 'urls'], { encoding: 'utf8' });
  const values = Object.fromEntries(
    output
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  ) as Record<string, string>;
  const { POSTGRES_URL, REDIS_URL, KAFKA_BROKERS } = values;
  if (!POSTGRES_URL || !REDIS_URL || !KAFKA_BROKERS) {
    throw new Error(`infra/local/infra urls printed an unexpected answer: ${output}`);
  }
  return {
    source: 'local',
    postgresUrl: POSTGRES_URL,
    redisUrl: REDIS_URL,
    kafkaBrokers: KAFKA_BROKERS.split(','),
  };
}

/** The pids of infra/local's servers, from `infra/local/infra status` (`<name> running pid <n>`). */
export function localInfraPids(): InfraServerPids {
  const output = execFileSync('bash', [join(repoRoot, 'infra/local/infra'), 'status'], {
    encoding: 'utf8',
  });
  const pids: InfraServerPids = {};
  for (const match of output.matchAll(/^(postgres|redis|kafka)\s+running\s+pid\s+(\d+)/gm)) {
    pids[match[1] as keyof InfraServerPids] = Number(match[2]);
  }
  return pids;
}
