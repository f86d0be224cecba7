import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@ecommerce/testkit';

export interface CommandResult {
  code: number | null;
  output: string;
}

/** Runs one of bin/ as a user would, in the repository, and keeps what it printed. */
export function runBin(name: 'up' | 'down' | 'reset', timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(repoRoot, 'bin', name), [], {
      cwd: repoRoot,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout stops everything it started.
      detached: true,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      output += `\n[bin/${name} stopped after ${timeoutMs} ms]`;
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The demo's three outcomes as bin/up printed them: `<title>: order <id> -> <STATUS>`. */
export function demoOutcomes(output: string): Record<string, string> {
  const outcomes: Record<string, string> = {};
  for (const match of output.matchAll(
    /^(confirmed|out-of-stock|declined): order \S+ -> (\w+)$/gm,
  )) {
    outcomes[match[1] as string] = match[2] as string;
  }
  return outcomes;
}
