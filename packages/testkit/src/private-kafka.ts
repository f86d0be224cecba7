import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes.ts';
import { repoRoot } from './repo.ts';

const run = promisify(execFile);
const infraCommand = join(repoRoot, 'infra/local/infra');

/**
 * A single-node Kafka broker of one test's own, for faults that must not touch the shared
 * broker (stopping Kafka, say). It keeps its data across stop() and start(), like a real
 * broker restarted in place.
 */
export interface PrivateKafka {
  brokers: string[];
  /** SIGTERM and wait until the broker has exited. */
  stop(): Promise<void>;
  /** Starts the broker again on the same ports and data; resolves once it serves clients. */
  start(): Promise<void>;
  /** Stops the broker and deletes its data. */
  remove(): Promise<void>;
}

/**
 * Starts a private broker with infra/local on free ports and its own state directory. The
 * broker's jars are shared with the local infrastructure's when they were resolved already.
 */
export async function startPrivateKafka(): Promise<PrivateKafka> {
  const stateDir = await mkdtemp(join(tmpdir(), 'private-kafka-'));
  const sharedLib = join(process.env.INFRA_STATE_DIR ?? join(repoRoot, '.infra'), 'kafka/lib');
  if (existsSync(join(sharedLib, '.pom.sha256'))) {
    await mkdir(join(stateDir, 'kafka'), { recursive: true });
    await symlink(sharedLib, join(stateDir, 'kafka/lib'));
  }
  const port = await freePort();
  const env = {
    ...process.env,
    INFRA_STATE_DIR: stateDir,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
  };
  const infra = async (command: 'start' | 'stop') => {
    try {
      await run('bash', [infraCommand, command, 'kafka'], { env, timeout: 180_000 });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`private Kafka ${command} failed:\n${stdout ?? ''}${stderr ?? ''}`, {
        cause: error,
      });
    }
  };

  await infra('start');
  return {
    brokers: [`127.0.0.1:${port}`],
    stop: () => infra('stop'),
    start: () => infra('start'),
    async remove() {
      await infra('stop');
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
