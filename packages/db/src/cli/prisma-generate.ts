import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Prisma CLI environment that needs no download: no native engine, no update check. */
export function offlinePrismaEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    // Any existing file satisfies the CLI's start-up check; generate never runs the engine.
    PRISMA_SCHEMA_ENGINE_BINARY:
      env.PRISMA_SCHEMA_ENGINE_BINARY ??
      fileURLToPath(new URL('../../bin/no-native-schema-engine', import.meta.url)),
    CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? '1',
    PRISMA_HIDE_UPDATE_MESSAGE: env.PRISMA_HIDE_UPDATE_MESSAGE ?? '1',
  };
}

/** `prisma generate` for a service's schema; returns the CLI's exit code. */
export function prismaGenerate(
  schemaPath: string,
  extraArgs: string[] = [],
  stdio: 'inherit' | 'ignore' = 'inherit',
): number {
  const prismaCli = require.resolve('prisma/build/index.js');
  const result = spawnSync(
    process.execPath,
    [prismaCli, 'generate', '--schema', schemaPath, ...extraArgs],
    { stdio, env: offlinePrismaEnvironment() },
  );
  if (result.error) throw result.error;
  return result.status ?? 1;
}
