import type { TestProject } from 'vitest/node';
import { dockerEngineReachable, startContainers } from './docker.ts';
import { localSettings } from './local.ts';
import { ensureServiceRoles } from './postgres-init.ts';
import { type InfraSettings, settingsFromEnv } from './settings.ts';

/**
 * Vitest global setup: finds real Postgres, Redis and Kafka once per run and provides their
 * settings to every test file (read them with `inject('infra')` or `isolatedInfra()`).
 * Order of preference: TEST_* env vars, then Docker via testcontainers, then infra/local.
 */
export default async function setup(project: TestProject) {
  let settings: InfraSettings | undefined = settingsFromEnv();
  let stop: (() => Promise<void>) | undefined;
  if (!settings && (await dockerEngineReachable())) {
    const docker = await startContainers();
    settings = docker.settings;
    stop = docker.stop;
  }
  settings ??= localSettings();
  await ensureServiceRoles(settings.postgresUrl);
  project.provide('infra', settings);
  return stop;
}
