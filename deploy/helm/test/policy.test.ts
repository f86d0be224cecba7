import { developmentPassword, type ServiceName, serviceDatabases } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { environmentProblems } from './support/app-config.ts';
import { appConfigSchema, appPort, apps, hasDatabase, hasSeed } from './support/apps.ts';
import { resolveEnvironment } from './support/environment.ts';
import { expectedEdges } from './support/expected-edges.ts';
import {
  type KubeObject,
  named,
  ofKind,
  type PodTemplate,
  podTemplates,
  renderChart,
} from './support/manifests.ts';
import { admittedEdges, type Endpoint } from './support/network.ts';
import {
  appProbeProblems,
  autoscalerProblems,
  containerProblems,
  disruptionBudgetProblems,
  shutdownProblems,
} from './support/pod-policy.ts';
import { valueSets } from './support/value-sets.ts';

/** Stand-ins for the keys of a Secret the chart does not render (secrets.existingSecret). */
function existingSecretValue(_secret: string, key: string): string | undefined {
  const app = key.replace(/-database-url$/, '') as ServiceName;
  if (serviceDatabases[app])
    return `postgresql://${serviceDatabases[app].role}:secret@db.example:5432/ecommerce`;
  if (key === 'redis-url') return 'redis://redis.example:6379';
  return undefined;
}

interface Expected {
  tag: string;
  environment: string;
  scraped?: boolean;
  extraEgress?: string[];
  /** CloudNativePG's pods, in the namespace but not the chart's (examples/production). */
  otherPods?: Endpoint[];
}
const settings: Record<string, Expected> = {
  default: { tag: '0.1.0', environment: 'production' },
  trial: { tag: 'dev', environment: 'trial' },
  production: {
    tag: '1.4.2',
    environment: 'production',
    scraped: true,
    extraEgress: ['4318/TCP'],
    otherPods: [{ name: 'ecommerce-db', labels: { 'cnpg.io/cluster': 'ecommerce-db' } }],
  },
};

const deploymentOf = (objects: KubeObject[], app: string) =>
  named(objects, 'Deployment', `shop-${app}`);
const podOf = (objects: KubeObject[], owner: KubeObject): PodTemplate => {
  const pod = podTemplates(objects).find((template) => template.owner === owner);
  if (!pod) throw new Error(`no pod template in ${owner.metadata.name}`);
  return pod;
};

for (const [set, files] of Object.entries(valueSets)) {
  const { objects } = await renderChart(files);
  const expected = settings[set] ?? { tag: '', environment: '' };
  const inChart = ofKind(objects, 'StatefulSet').length > 0;
  const envOf = (pod: PodTemplate) =>
    resolveEnvironment(objects, pod.containers[0] ?? { name: '' }, existingSecretValue).environment;

  describe(`values: ${set}: pods`, () => {
    it('gives every container probes, limits, a non-root user and a read-only root filesystem', () => {
      expect(containerProblems(objects)).toEqual([]);
    });

    it('probes the apps on /health/live (startup, liveness) and /health/ready (readiness)', () => {
      expect(appProbeProblems(objects)).toEqual([]);
    });

    it('has exactly one PodDisruptionBudget per Deployment', () => {
      expect(disruptionBudgetProblems(objects)).toEqual([]);
    });

    it('lets each pod finish its drain before it is killed', () => {
      expect(shutdownProblems(objects, envOf)).toEqual([]);
    });

    if (ofKind(objects, 'HorizontalPodAutoscaler').length > 0) {
      it('autoscales every Deployment', () => {
        expect(autoscalerProblems(objects)).toEqual([]);
      });
    }
  });

  describe(`values: ${set}: apps`, () => {
    it('runs a Deployment for every app and nothing else', () => {
      const names = ofKind(objects, 'Deployment')
        .map((d) => d.metadata.name)
        .sort();
      expect(names).toEqual(apps.map((app) => `shop-${app}`));
    });

    it.each(apps)('runs %s from its image, behind a Service on its port', async (app) => {
      const pod = podOf(objects, deploymentOf(objects, app));
      const container = pod.containers[0];
      expect(container?.image).toMatch(new RegExp(`(^|/)ecommerce/${app}:${expected.tag}$`));
      const port = await appPort(app);
      expect(container?.ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
      const service = named(objects, 'Service', `shop-${app}`);
      expect(service.spec.ports).toEqual([
        { name: 'http', port, targetPort: 'http', protocol: 'TCP' },
      ]);
      expect(Object.entries(service.spec.selector).every(([k, v]) => pod.labels[k] === v)).toBe(
        true,
      );
    });

    it.each(apps)('gives %s every variable its configuration needs in a cluster', async (app) => {
      const pod = podOf(objects, deploymentOf(objects, app));
      const resolved = resolveEnvironment(
        objects,
        pod.containers[0] ?? { name: '' },
        existingSecretValue,
      );
      expect(resolved.unresolved).toEqual([]);
      expect(environmentProblems(await appConfigSchema(app), resolved.environment)).toEqual([]);
      expect(resolved.environment.NODE_ENV).toBe('production');
    });

    it.each(apps)('names %s and its version and environment in its telemetry', (app) => {
      const environment = envOf(podOf(objects, deploymentOf(objects, app)));
      expect(environment.OTEL_SERVICE_NAME).toBe(app);
      const attributes = Object.fromEntries(
        (environment.OTEL_RESOURCE_ATTRIBUTES ?? '').split(',').map((pair) => pair.split('=')),
      );
      expect(attributes['service.version']).toBe(expected.tag);
      expect(attributes['deployment.environment']).toBe(expected.environment);
    });

    it.each(apps.filter(hasDatabase))('connects %s to PostgreSQL as its own role', (app) => {
      const { role } = serviceDatabases[app as ServiceName];
      const url = new URL(envOf(podOf(objects, deploymentOf(objects, app))).DATABASE_URL ?? '');
      // An existing Secret's URLs are the operator's; the stand-in names the same role.
      if (set !== 'production') {
        expect([url.username, url.password]).toEqual([role, developmentPassword(role)]);
      }
      expect(url.protocol).toBe('postgresql:');
    });

    if (inChart) {
      it('creates each role and its schema in the in-chart PostgreSQL, as infra/postgres/init does', () => {
        const init =
          named(objects, 'ConfigMap', 'shop-postgresql-init').data?.['10-roles-and-schemas.sh'] ??
          '';
        for (const { role, schema } of Object.values(serviceDatabases)) {
          expect(init).toContain(`CREATE ROLE ${role} LOGIN PASSWORD :'password';`);
          expect(init).toContain(`CREATE SCHEMA ${schema} AUTHORIZATION ${role};`);
          expect(init).toContain(`SET search_path = ${schema};`);
        }
      });
    }

    it('keeps secrets out of ConfigMaps', () => {
      const secretish = /DATABASE_URL|REDIS_URL|PASSWORD|PRIVATE_KEY|SECRET|TOKEN_KEY/;
      const leaked = ofKind(objects, 'ConfigMap').flatMap((map) =>
        Object.keys(map.data ?? {})
          .filter((key) => secretish.test(key))
          .map((key) => `${map.metadata.name}.${key}`),
      );
      expect(leaked).toEqual([]);
    });
  });

  describe(`values: ${set}: migrations`, () => {
    const withDatabase = apps.filter(hasDatabase);
    it.each(withDatabase)('migrates %s with its own image before its pods start', (app) => {
      const deployment = podOf(objects, deploymentOf(objects, app));
      const appUrl = deployment.containers[0]?.env?.find(
        (v: { name: string }) => v.name === 'DATABASE_URL',
      );
      let migration:
        | {
            image?: string;
            command?: string[];
            env?: { name: string; valueFrom?: { secretKeyRef?: { key: string } } }[];
          }
        | undefined;
      if (inChart) {
        // No server exists before install: the init container retries until it answers.
        migration = deployment.initContainers.find((c) => c.name === 'migrate');
        expect(migration?.command?.join(' ')).toContain(
          "'node_modules/.bin/ecommerce-db' 'migrate' 'deploy' && exit 0",
        );
      } else {
        const job = named(objects, 'Job', `shop-${app}-migrate`);
        expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
        migration = podOf(objects, job).containers[0];
        expect(migration?.command).toEqual(['node_modules/.bin/ecommerce-db', 'migrate', 'deploy']);
        // The Secret it reads exists before it: a hook of lower weight, or managed outside.
        const secret = migration?.env?.[0]?.valueFrom?.secretKeyRef as { name: string } | undefined;
        const hookSecret = ofKind(objects, 'Secret').find((s) => s.metadata.name === secret?.name);
        if (hookSecret) {
          expect(hookSecret.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
          expect(Number(hookSecret.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
            Number(job.metadata.annotations?.['helm.sh/hook-weight'] ?? 0),
          );
        }
      }
      expect(migration?.image).toBe(deployment.containers[0]?.image);
      expect(migration?.env?.[0]?.valueFrom?.secretKeyRef?.key).toBe(
        appUrl.valueFrom.secretKeyRef.key,
      );
    });
  });

  describe(`values: ${set}: network`, () => {
    it('admits exactly the connections the apps are configured to make', async () => {
      const jobs = podTemplates(objects)
        .filter((pod) => pod.owner.kind === 'Job')
        .map((pod) => pod.labels['app.kubernetes.io/name'] ?? '');
      const seeded = ofKind(objects, 'Job').some((job) => job.metadata.name.endsWith('-seed'));
      if (seeded)
        expect(jobs.filter((job) => job.endsWith('-seed')).length).toBe(
          apps.filter(hasSeed).length,
        );
      const want = await expectedEdges({
        inChartInfrastructure: inChart,
        jobs,
        scraped: expected.scraped,
        extraEgress: expected.extraEgress,
        postgresPods: expected.otherPods?.[0]?.name,
      });
      expect(admittedEdges(objects, 'shop', expected.otherPods)).toEqual(want);
    });
  });
}
