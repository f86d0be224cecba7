import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@ecommerce/testkit';

const run = promisify(execFile);

export const chartDir = join(repoRoot, 'deploy/helm/ecommerce');
export const examplesDir = join(repoRoot, 'deploy/helm/examples');
/** Installed by bin/lib/setup.d/50-helm.sh (pinned there). */
export const helmVersion = 'v3.22.0';
export const helmBinary = join(repoRoot, '.tools/helm', `${helmVersion}-kube1.37`, 'helm');
export const helmSetupScript = join(repoRoot, 'bin/lib/setup.d/50-helm.sh');
export const validatorSource = join(repoRoot, 'deploy/helm/kube-validate');
export const validatorBinary = join(repoRoot, '.tools/kube-validate/kube-validate');

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; a non-zero exit is a result, not an exception. */
export async function runTool(
  file: string,
  args: string[],
  options: { input?: string; cwd?: string } = {},
): Promise<ToolResult> {
  const child = run(file, args, { cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 });
  if (options.input !== undefined) {
    child.child.stdin?.end(options.input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

export const helm = (args: string[]) => runTool(helmBinary, args);
