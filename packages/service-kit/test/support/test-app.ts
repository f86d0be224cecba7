import { Type } from 'typebox';
import { type CreateServiceOptions, createService, loadConfig } from '../../src/index.ts';

export type LogLine = Record<string, unknown> & { msg?: string; requestId?: string };

/** A service app as a test needs it: test config, every log line captured as parsed JSON. */
export async function testApp(
  env: Record<string, string> = {},
  options: Partial<CreateServiceOptions<ReturnType<typeof testConfig>>> = {},
) {
  const logs: LogLine[] = [];
  const app = await createService({
    name: 'sample-service',
    version: '1.2.3',
    config: testConfig(env),
    logStream: { write: (line: string) => logs.push(JSON.parse(line) as LogLine) },
    // Process metrics are proven once (metrics.test.ts); elsewhere they only cost time.
    defaultMetrics: false,
    ...options,
  });
  return { app, logs };
}

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig(Type.Object({}), { NODE_ENV: 'test', ...env });
}
