import { parseAllDocuments } from 'yaml';
import { chartDir, helm } from './tools.ts';

/** A rendered Kubernetes object, as loose JSON: the checks read only what they need. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field below.
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export interface Rendering {
  /** What `helm template` printed: the input of the strict decoder. */
  yaml: string;
  objects: KubeObject[];
}

/** `helm template` of the chart with these values files (and --set pairs). */
export async function renderChart(
  valuesFiles: string[] = [],
  sets: string[] = [],
  release = 'shop',
): Promise<Rendering> {
  const args = ['template', release, chartDir, '--namespace', 'shop'];
  for (const file of valuesFiles) args.push('--values', file);
  for (const set of sets) args.push('--set', set);
  const result = await helm(args);
  if (result.code !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return { yaml: result.stdout, objects: parseManifests(result.stdout) };
}

export function parseManifests(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

export const ofKind = (objects: KubeObject[], kind: string) =>
  objects.filter((object) => object.kind === kind);

export function named(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered chart`);
  return found;
}

/** Deployments, StatefulSets and Jobs: everything that runs pods. */
export const workloadKinds = ['Deployment', 'StatefulSet', 'Job'];

export interface Container {
  name: string;
  image?: string;
  // biome-ignore lint/suspicious/noExplicitAny: as KubeObject.spec.
  [field: string]: any;
}

export interface PodTemplate {
  owner: KubeObject;
  labels: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: as KubeObject.spec.
  spec: any;
  containers: Container[];
  initContainers: Container[];
}

export function podTemplates(objects: KubeObject[]): PodTemplate[] {
  return objects
    .filter((object) => workloadKinds.includes(object.kind))
    .map((owner) => {
      const template = owner.spec?.template ?? {};
      return {
        owner,
        labels: template.metadata?.labels ?? {},
        spec: template.spec ?? {},
        containers: template.spec?.containers ?? [],
        initContainers: template.spec?.initContainers ?? [],
      };
    });
}

export const describeOwner = (object: KubeObject) => `${object.kind}/${object.metadata.name}`;

/** A deep copy to change in a test without touching the shared rendering. */
export const copyOf = <T>(value: T): T => structuredClone(value);
