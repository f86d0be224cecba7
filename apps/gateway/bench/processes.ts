import { type ChildProcess, execFileSync, type SpawnOptions, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@ecommerce/testkit';

/** CPU time (user + system, ms) of a process and its children, from /proc (Linux). */
export function cpuMs(pid: number): number {
  const pids = [pid, ...childrenOf(pid)];
  let ticks = 0;
  for (const each of pids) {
    try {
      const fields = readFileSync(`/proc/${each}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // utime and stime are fields 14 and 15 of the line; 12 and 13 after "pid (comm) ".
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** The processes whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

export interface BareProxy {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** bench/bare-proxy.ts in front of `upstream`. */
export async function startBareProxy(port: number, upstream: string): Promise<BareProxy> {
  const { child, url } = await spawnServing(
    'the bare proxy',
    port,
    [process.execPath, 'bench/bare-proxy.ts'],
    {
      cwd: join(repoRoot, 'apps/gateway'),
      env: { PATH: process.env.PATH ?? '', PORT: String(port), UPSTREAM: upstream },
    },
  );
  return {
    url,
    pid: child.pid ?? 0,
    stop: () => stopChild(child, 'SIGTERM'),
  };
}

/** Starts `command` (which serves HTTP on `port`) and resolves once it answers. */
export async function spawnServing(
  what: string,
  port: number,
  [command, ...args]: [string, ...string[]],
  options: SpawnOptions = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(command, args, { ...options, stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, child, what);
  return { child, url };
}

/** Sends `signal` to `child` (unless it has exited) and resolves when it has. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Resolves once `url` answers at all (any status); throws if `child` exits or 30 s pass. */
export async function waitUntilServing(url: string, child: ChildProcess, what: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await (await fetch(`${url}/`)).arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`${what} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
