import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@ecommerce/testkit';
import type { TestProject } from 'vitest/node';
import { run } from './run.ts';

export interface DockerContext {
  /** DOCKER_HOST of the engine the suite uses. */
  dockerHost: string;
  /** Compose v2: the program and the arguments before the subcommand. */
  compose: string[];
  /** True where no registry answers: the ecommerce-local/ stand-ins replace public images. */
  standins: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    docker: DockerContext;
  }
}

const engineScript = join(repoRoot, 'infra/docker/engine');

async function engineAnswers(dockerHost: string): Promise<boolean> {
  const ping = await run('docker', ['version', '--format', '{{.Server.Version}}'], {
    env: { DOCKER_HOST: dockerHost },
    timeoutMs: 10_000,
    allowFailure: true,
  }).catch(() => ({ code: 1 }));
  return ping.code === 0;
}

/** Compose v2 built by bin/lib/setup.d/60-docker.sh, else a `docker compose` plugin. */
function composeCommand(): string[] {
  const built = join(repoRoot, '.tools/docker-compose');
  const version = existsSync(built) ? readdirSync(built).sort().at(-1) : undefined;
  if (version && existsSync(join(built, version, 'docker-compose'))) {
    return [join(built, version, 'docker-compose')];
  }
  return ['docker', 'compose'];
}

/**
 * Finds a Docker Engine, starting this repository's own (infra/docker/engine) when none
 * answers, and the images: public ones where a registry answers, stand-ins otherwise. What it
 * started it stops at the end.
 */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const candidates = [process.env.DOCKER_HOST, 'unix:///var/run/docker.sock'].filter(
    (host): host is string => Boolean(host),
  );
  let dockerHost: string | undefined;
  for (const host of candidates) {
    if (await engineAnswers(host)) {
      dockerHost = host;
      break;
    }
  }
  let startedHere = false;
  if (!dockerHost) {
    await run('bash', [join(repoRoot, 'bin/lib/setup.d/60-docker.sh')], { timeoutMs: 900_000 });
    await run(engineScript, ['start'], { timeoutMs: 120_000 });
    dockerHost = (await run(engineScript, ['env'])).stdout.trim().replace(/^DOCKER_HOST=/, '');
    startedHere = true;
  }
  const compose = composeCommand();
  const env = { DOCKER_HOST: dockerHost };
  // One small public image says whether a registry answers here.
  const pull = await run('docker', ['pull', '-q', 'redis:7-alpine'], {
    env,
    timeoutMs: 60_000,
    allowFailure: true,
  }).catch(() => ({ code: 1 }));
  const standins = pull.code !== 0;
  if (standins) {
    await run(join(repoRoot, 'infra/docker/standins/build'), [], {
      env: { ...env, COMPOSE: compose.join(' ') },
      timeoutMs: 1_200_000,
    });
  }
  console.log(
    `compose suite: engine ${dockerHost}${startedHere ? ' (started for this run)' : ''}, ` +
      `${standins ? 'stand-in images (no registry answers)' : 'public images'}, ` +
      `ready in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  project.provide('docker', { dockerHost, compose, standins });
  return async () => {
    if (startedHere) await run(engineScript, ['stop'], { timeoutMs: 120_000 });
  };
}
