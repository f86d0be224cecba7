import { type Container, type KubeObject, ofKind } from './manifests.ts';

/**
 * A container's environment as the kubelet would give it: envFrom ConfigMaps and Secrets,
 * then env (values, configMapKeyRef, secretKeyRef). A reference to an object the chart does
 * not render (an existing Secret the operator manages) resolves through `external`, which
 * stands for a value of the right form; a reference that resolves nowhere is reported.
 */
export function resolveEnvironment(
  objects: KubeObject[],
  container: Container,
  external: (secret: string, key: string) => string | undefined = () => undefined,
): { environment: Record<string, string>; unresolved: string[] } {
  const configMaps = new Map(
    ofKind(objects, 'ConfigMap').map((c) => [c.metadata.name, c.data ?? {}]),
  );
  const secrets = new Map(
    ofKind(objects, 'Secret')
      .filter((secret) => !secret.metadata.annotations?.['helm.sh/hook'])
      .map((s) => [s.metadata.name, { ...decoded(s.data), ...(s.stringData ?? {}) }]),
  );
  const hookSecrets = new Map(
    ofKind(objects, 'Secret')
      .filter((secret) => secret.metadata.annotations?.['helm.sh/hook'])
      .map((s) => [s.metadata.name, { ...decoded(s.data), ...(s.stringData ?? {}) }]),
  );
  const environment: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name ?? source.secretRef?.name;
    const data = source.configMapRef ? configMaps.get(name) : secrets.get(name);
    if (!data) unresolved.push(`envFrom ${name}`);
    Object.assign(environment, data ?? {});
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) {
      environment[variable.name] = String(variable.value);
      continue;
    }
    const configRef = variable.valueFrom?.configMapKeyRef;
    const secretRef = variable.valueFrom?.secretKeyRef;
    const ref = configRef ?? secretRef;
    const value = configRef
      ? configMaps.get(ref.name)?.[ref.key]
      : (secrets.get(ref.name)?.[ref.key] ??
        hookSecrets.get(ref.name)?.[ref.key] ??
        (secrets.has(ref.name) || hookSecrets.has(ref.name)
          ? undefined
          : external(ref.name, ref.key)));
    if (value !== undefined) environment[variable.name] = value;
    else if (!ref.optional) unresolved.push(`${variable.name} (${ref.name}/${ref.key})`);
  }
  return { environment, unresolved };
}

function decoded(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data ?? {}).map(([key, value]) => [
      key,
      Buffer.from(value, 'base64').toString(),
    ]),
  );
}
