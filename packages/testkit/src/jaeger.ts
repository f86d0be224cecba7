import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes.ts';
import { repoRoot } from './repo.ts';

export interface JaegerProcess {
  /** Where services export: OTEL_EXPORTER_OTLP_ENDPOINT. */
  otlpEndpoint: string;
  /** Jaeger's query API: /api/services, /api/traces/<trace id>. */
  queryUrl: string;
  stop(): void;
}

const command = join(repoRoot, 'infra/jaeger/jaeger');

/** A Jaeger v2 backend of this test's own (infra/jaeger on free ports, its own state). */
export async function startJaeger(): Promise<JaegerProcess> {
  const ports = {
    JAEGER_OTLP_HTTP_PORT: await freePort(),
    JAEGER_OTLP_GRPC_PORT: await freePort(),
    JAEGER_QUERY_PORT: await freePort(),
    JAEGER_QUERY_GRPC_PORT: await freePort(),
    JAEGER_HEALTH_PORT: await freePort(),
  };
  const stateDir = mkdtempSync(join(tmpdir(), 'jaeger-'));
  const env = {
    ...process.env,
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
    JAEGER_STATE_DIR: stateDir,
  };
  const run = (action: string) =>
    spawnSync('bash', [command, action], { env, encoding: 'utf8', timeout: 600_000 });
  const started = run('start');
  if (started.status !== 0) {
    rmSync(stateDir, { recursive: true, force: true });
    throw new Error(`infra/jaeger/jaeger start failed:\n${started.stderr}${started.stdout}`);
  }
  return {
    otlpEndpoint: `http://127.0.0.1:${ports.JAEGER_OTLP_HTTP_PORT}`,
    queryUrl: `http://127.0.0.1:${ports.JAEGER_QUERY_PORT}`,
    stop() {
      run('stop');
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
