import { join } from 'node:path';
import { examplesDir, runTool, validatorBinary } from './tools.ts';

/**
 * The values sets the project documents, each rendered and checked: the defaults (existing
 * infrastructure), the trial (in-chart infrastructure, seeded) and a production-like install
 * (operators, an existing Secret, an Ingress, narrowed network peers).
 */
export const valueSets: Record<string, string[]> = {
  default: [],
  trial: [join(examplesDir, 'trial-values.yaml')],
  production: [join(examplesDir, 'production/values.yaml')],
};

export interface Decoded {
  document: number;
  kind: string;
  name: string;
  error?: string;
}

/** Runs the strict decoder (deploy/helm/kube-validate) over a YAML stream. */
export async function decodeStrictly(yaml: string) {
  const result = await runTool(validatorBinary, [], { input: yaml });
  const decoded = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Decoded);
  return { code: result.code, stderr: result.stderr, decoded };
}
