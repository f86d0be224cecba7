import { selects } from './labels.ts';
import {
  describeOwner,
  type KubeObject,
  ofKind,
  type PodTemplate,
  podTemplates,
} from './manifests.ts';

/**
 * What every container of the chart must have: probes (long-running ones), CPU and memory
 * requests and limits, a non-root user, a read-only root filesystem, no privilege escalation,
 * every capability dropped. Returns one line per problem; none is a pass.
 */
export function containerProblems(objects: KubeObject[]): string[] {
  const problems: string[] = [];
  for (const pod of podTemplates(objects)) {
    const longRunning = pod.owner.kind !== 'Job';
    for (const container of [...pod.initContainers, ...pod.containers]) {
      const where = `${describeOwner(pod.owner)} container ${container.name}`;
      const isInit = pod.initContainers.includes(container);
      if (longRunning && !isInit) {
        for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
          if (!container[probe]) problems.push(`${where}: no ${probe}`);
        }
      }
      for (const kind of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory']) {
          if (!container.resources?.[kind]?.[resource]) {
            problems.push(`${where}: no ${resource} ${kind}`);
          }
        }
      }
      const security = { ...pod.spec.securityContext, ...container.securityContext };
      if (security.runAsNonRoot !== true) problems.push(`${where}: not runAsNonRoot`);
      if (security.runAsUser === 0) problems.push(`${where}: runs as root`);
      if (container.securityContext?.readOnlyRootFilesystem !== true) {
        problems.push(`${where}: root filesystem not read-only`);
      }
      if (container.securityContext?.allowPrivilegeEscalation !== false) {
        problems.push(`${where}: privilege escalation allowed`);
      }
      if (!container.securityContext?.capabilities?.drop?.includes('ALL')) {
        problems.push(`${where}: capabilities not all dropped`);
      }
      if (container.securityContext?.privileged) problems.push(`${where}: privileged`);
    }
    if (pod.spec.automountServiceAccountToken !== false) {
      problems.push(`${describeOwner(pod.owner)}: mounts a service account token`);
    }
  }
  return problems;
}

/** The HTTP probes of the apps point at the service-kit health endpoints. */
export function appProbeProblems(objects: KubeObject[]): string[] {
  const expected = {
    startupProbe: '/health/live',
    livenessProbe: '/health/live',
    readinessProbe: '/health/ready',
  };
  const problems: string[] = [];
  for (const deployment of ofKind(objects, 'Deployment')) {
    for (const container of deployment.spec.template.spec.containers ?? []) {
      for (const [probe, path] of Object.entries(expected)) {
        const actual = container[probe]?.httpGet?.path;
        if (actual !== path) {
          problems.push(`${describeOwner(deployment)} ${probe}: ${actual ?? 'none'}, not ${path}`);
        }
      }
    }
  }
  return problems;
}

const podsOf = (objects: KubeObject[], kind: string) =>
  podTemplates(objects).filter((pod) => pod.owner.kind === kind);

/** Exactly one PodDisruptionBudget per Deployment, selecting its pods and no other pods. */
export function disruptionBudgetProblems(objects: KubeObject[]): string[] {
  const problems: string[] = [];
  const budgets = ofKind(objects, 'PodDisruptionBudget');
  const allPods = podTemplates(objects);
  for (const pod of podsOf(objects, 'Deployment')) {
    const covering = budgets.filter((budget) => selects(budget.spec.selector, pod.labels));
    if (covering.length !== 1) {
      problems.push(`${describeOwner(pod.owner)}: ${covering.length} PodDisruptionBudgets`);
    }
  }
  for (const budget of budgets) {
    const others = allPods.filter(
      (pod: PodTemplate) =>
        selects(budget.spec.selector, pod.labels) && pod.owner.kind !== 'Deployment',
    );
    for (const pod of others)
      problems.push(`${describeOwner(budget)} also selects ${describeOwner(pod.owner)}`);
  }
  return problems;
}

/** A HorizontalPodAutoscaler per Deployment, and none of them also fixes its replicas. */
export function autoscalerProblems(objects: KubeObject[]): string[] {
  const problems: string[] = [];
  const autoscalers = ofKind(objects, 'HorizontalPodAutoscaler');
  for (const deployment of ofKind(objects, 'Deployment')) {
    const scaling = autoscalers.filter(
      (hpa) =>
        hpa.spec.scaleTargetRef.kind === 'Deployment' &&
        hpa.spec.scaleTargetRef.name === deployment.metadata.name,
    );
    if (scaling.length !== 1)
      problems.push(`${describeOwner(deployment)}: ${scaling.length} autoscalers`);
    if (scaling.length > 0 && deployment.spec.replicas !== undefined) {
      problems.push(`${describeOwner(deployment)}: replicas fixed while autoscaled`);
    }
    for (const hpa of scaling) {
      if (!(hpa.spec.minReplicas <= hpa.spec.maxReplicas)) {
        problems.push(`${describeOwner(hpa)}: minReplicas above maxReplicas`);
      }
    }
  }
  return problems;
}

/**
 * The pod outlives its drain: terminationGracePeriodSeconds covers the preStop sleep plus the
 * service's own SHUTDOWN_TIMEOUT_MS, so Kubernetes never kills a service mid-drain.
 */
export function shutdownProblems(
  objects: KubeObject[],
  environmentOf: (pod: PodTemplate) => Record<string, string>,
): string[] {
  const problems: string[] = [];
  for (const pod of podsOf(objects, 'Deployment')) {
    const container = pod.containers[0];
    const sleep = container?.lifecycle?.preStop?.exec?.command;
    const preStop = Array.isArray(sleep) && sleep[0] === 'sleep' ? Number(sleep[1]) : Number.NaN;
    const drain = Number(environmentOf(pod).SHUTDOWN_TIMEOUT_MS) / 1000;
    const grace = pod.spec.terminationGracePeriodSeconds;
    if (!(preStop > 0)) problems.push(`${describeOwner(pod.owner)}: no preStop sleep`);
    if (!(drain > 0)) problems.push(`${describeOwner(pod.owner)}: no SHUTDOWN_TIMEOUT_MS`);
    if (!(grace > preStop + drain)) {
      problems.push(
        `${describeOwner(pod.owner)}: grace ${grace}s <= preStop ${preStop}s + drain ${drain}s`,
      );
    }
  }
  return problems;
}
