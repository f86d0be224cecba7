import { type LabelSelector, selects } from './labels.ts';
import { type KubeObject, ofKind, podTemplates } from './manifests.ts';

/** Anything that is not a pod of this namespace: other namespaces, the node, the internet. */
export const elsewhere = 'elsewhere';

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}
interface Rule {
  ports?: { port?: number | string; protocol?: string }[];
  from?: Peer[];
  to?: Peer[];
}
export interface Endpoint {
  /** A workload's pods by their app.kubernetes.io/name, or `elsewhere`. */
  name: string;
  labels?: Record<string, string>;
}

/**
 * Every connection the NetworkPolicies admit, as `source -> destination:port/protocol`, the
 * way the API defines them: a pod selected by some policy of a direction is isolated in that
 * direction and admits only what one of those policies' rules matches; a connection between
 * two pods needs the source's egress and the destination's ingress. Pods are named by their
 * app.kubernetes.io/name label; `elsewhere` stands for everything outside the namespace.
 */
export function admittedEdges(
  objects: KubeObject[],
  namespace: string,
  /** Pods of the namespace the chart does not run (an operator's database). */
  otherPods: Endpoint[] = [],
): string[] {
  const policies = ofKind(objects, 'NetworkPolicy');
  const pods: Endpoint[] = podTemplates(objects).map((pod) => ({
    name: pod.labels['app.kubernetes.io/name'] ?? pod.owner.metadata.name,
    labels: pod.labels,
  }));
  const chartPods = new Set(pods);
  pods.push(...otherPods);
  const ports = new Set<string>();
  for (const policy of policies) {
    for (const rule of [...(policy.spec.ingress ?? []), ...(policy.spec.egress ?? [])] as Rule[]) {
      for (const port of rule.ports ?? []) ports.add(`${port.port}/${port.protocol ?? 'TCP'}`);
    }
  }
  const namespaceLabels = { 'kubernetes.io/metadata.name': namespace };

  const peerMatches = (peer: Peer, endpoint: Endpoint) => {
    if (endpoint.name === elsewhere) return Boolean(peer.ipBlock || peer.namespaceSelector);
    if (peer.ipBlock) return false;
    if (peer.namespaceSelector && !selects(peer.namespaceSelector, namespaceLabels)) return false;
    return peer.podSelector ? selects(peer.podSelector, endpoint.labels ?? {}) : true;
  };
  const ruleMatches = (rule: Rule, peers: Peer[] | undefined, other: Endpoint, port: string) =>
    (!rule.ports?.length || rule.ports.some((p) => `${p.port}/${p.protocol ?? 'TCP'}` === port)) &&
    (!peers?.length || peers.some((peer) => peerMatches(peer, other)));
  const admits = (
    direction: 'Ingress' | 'Egress',
    pod: Endpoint,
    other: Endpoint,
    port: string,
  ) => {
    const applying = policies.filter(
      (policy) =>
        selects(policy.spec.podSelector ?? {}, pod.labels ?? {}) &&
        (policy.spec.policyTypes ?? ['Ingress']).includes(direction),
    );
    if (applying.length === 0) return true;
    return applying.some((policy) =>
      ((direction === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? []).some(
        (rule: Rule) =>
          ruleMatches(rule, direction === 'Ingress' ? rule.from : rule.to, other, port),
      ),
    );
  };

  const edges = new Set<string>();
  const outside: Endpoint = { name: elsewhere };
  for (const port of ports) {
    for (const destination of [...pods, outside]) {
      for (const source of [...pods, outside]) {
        if (source === destination) continue;
        // Connections between pods that are not the chart's are not the chart's to judge.
        if (!chartPods.has(source) && !chartPods.has(destination)) continue;
        const egress = source === outside || admits('Egress', source, destination, port);
        const ingress = destination === outside || admits('Ingress', destination, source, port);
        if (egress && ingress) edges.add(`${source.name} -> ${destination.name}:${port}`);
      }
    }
  }
  return [...edges].sort();
}
