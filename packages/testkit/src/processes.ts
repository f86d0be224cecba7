import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './repo.ts';

/**
 * V8 heap caps every service runs with (infra/docker/Dockerfile, bin/up): a small young
 * generation and a bounded old one keep an idle service near 100 MB and a busy one bounded;
 * the saga benchmark measured no CPU cost per order from them (docs/benchmarks.md).
 */
export const serviceNodeOptions = '--max-old-space-size=256 --max-semi-space-size=4';

/** A free TCP port on 127.0.0.1, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ServiceProcess {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed so far (JSON log lines). */
  output(): string;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code or signal. */
  stop(timeoutMs?: number): Promise<number | NodeJS.Signals | null>;
  /** SIGKILL at once: a crash, for fault tests. */
  kill(): Promise<void>;
}

export interface StartServiceProcessOptions {
  /** Folder under apps/, e.g. 'order-service'. */
  name: string;
  env: Record<string, string>;
  port?: number;
  /** How long to wait for /health/ready. */
  readyTimeoutMs?: number;
  /** The app's folder; `apps/<name>` of this repository by default (an assembled image folder, say). */
  directory?: string;
  /** Node's arguments; by default what production runs: telemetry first, then src/main.ts. */
  nodeArgs?: string[];
  /** A program to run instead of Node (a service written in another language), with `args`. */
  command?: string;
  args?: string[];
}

/**
 * Runs a service the way production does (`node --import @ecommerce/telemetry/register
 * src/main.ts` in its folder) and waits until /health/ready answers 200.
 */
export async function startServiceProcess(
  options: StartServiceProcessOptions,
): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(
    options.command ?? process.execPath,
    options.command
      ? (options.args ?? [])
      : (options.nodeArgs ?? ['--import', '@ecommerce/telemetry/register', 'src/main.ts']),
    {
      cwd: options.directory ?? join(repoRoot, 'apps', options.name),
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        OTEL_SDK_DISABLED: 'true',
        ...options.env,
        // Given options (a profiler's, say) come after the caps, so they can override them.
        NODE_OPTIONS: `${serviceNodeOptions} ${options.env.NODE_OPTIONS ?? ''}`.trim(),
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );

  const service: ServiceProcess = {
    name: options.name,
    url,
    port,
    child,
    output: () => output,
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };

  // TEST_READY_TIMEOUT_MS lets a heavily loaded machine give every process longer.
  const readyTimeoutMs =
    options.readyTimeoutMs ?? Number(process.env.TEST_READY_TIMEOUT_MS ?? 60_000);
  const deadline = Date.now() + readyTimeoutMs;
  let early: number | NodeJS.Signals | null | undefined;
  void exited.then((result) => {
    early = result;
  });
  while (Date.now() < deadline) {
    if (early !== undefined) {
      throw new Error(`${options.name} exited (${early}) before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return service;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await service.kill();
  throw new Error(`${options.name} was not ready within the time limit:\n${output}`);
}
