import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { environmentProblems } from './support/app-config.ts';
import { appConfigSchema } from './support/apps.ts';
import { resolveEnvironment } from './support/environment.ts';
import { copyOf, named, renderChart } from './support/manifests.ts';
import { admittedEdges } from './support/network.ts';
import { containerProblems } from './support/pod-policy.ts';
import { decodeStrictly } from './support/value-sets.ts';

// The checks above are only worth something if they fail on a broken manifest: each test
// breaks one rendered object the way a template mistake would, and expects the check to say so.
const { objects } = await renderChart();
const toYaml = (values: unknown[]) => values.map((value) => stringify(value)).join('---\n');

describe('the strict decoder', () => {
  it('rejects an unknown field, naming it', async () => {
    const broken = copyOf(named(objects, 'Deployment', 'shop-order-service'));
    broken.spec.template.spec.containers[0].readinessProbes = { httpGet: { path: '/x', port: 1 } };
    const result = await decodeStrictly(toYaml([broken]));
    expect(result.code).toBe(1);
    expect(result.decoded[0]?.error).toContain(
      'unknown field "spec.template.spec.containers[0].readinessProbes"',
    );
  });

  it('rejects a value of the wrong type', async () => {
    const broken = copyOf(named(objects, 'Service', 'shop-gateway'));
    broken.spec.ports[0].port = 'eighty';
    const result = await decodeStrictly(toYaml([broken]));
    expect(result.code).toBe(1);
    expect(result.decoded[0]?.error).toMatch(/cannot unmarshal string .* of type int32/);
  });

  it('rejects a kind the API does not have', async () => {
    const result = await decodeStrictly(
      toYaml([{ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } }]),
    );
    expect(result.code).toBe(1);
    expect(result.decoded[0]?.error).toContain('no kind "Deploymnet"');
  });

  it('accepts the same objects unbroken', async () => {
    const result = await decodeStrictly(
      toYaml([
        named(objects, 'Deployment', 'shop-order-service'),
        named(objects, 'Service', 'shop-gateway'),
      ]),
    );
    expect(result.decoded.map((d) => d.error)).toEqual([undefined, undefined]);
    expect(result.code).toBe(0);
  });
});

describe('the pod policy', () => {
  it('reports a container without a readiness probe', () => {
    const broken = copyOf(objects);
    const deployment = named(broken, 'Deployment', 'shop-payment-service');
    delete deployment.spec.template.spec.containers[0].readinessProbe;
    expect(containerProblems(broken)).toEqual([
      'Deployment/shop-payment-service container payment-service: no readinessProbe',
    ]);
  });

  it('reports a container without a memory limit or with a writable root filesystem', () => {
    const broken = copyOf(objects);
    const container = named(broken, 'Job', 'shop-user-service-migrate').spec.template.spec
      .containers[0];
    delete container.resources.limits.memory;
    container.securityContext.readOnlyRootFilesystem = false;
    expect(containerProblems(broken)).toEqual([
      'Job/shop-user-service-migrate container migrate: no memory limits',
      'Job/shop-user-service-migrate container migrate: root filesystem not read-only',
    ]);
  });
});

describe('the environment check', () => {
  const environmentAfter = (change: (o: typeof objects) => void) => {
    const broken = copyOf(objects);
    change(broken);
    const container = named(broken, 'Deployment', 'shop-order-service').spec.template.spec
      .containers[0];
    return resolveEnvironment(broken, container);
  };

  it('reports a variable the app needs in a cluster that is missing', async () => {
    const { environment } = environmentAfter((broken) => {
      delete named(broken, 'ConfigMap', 'shop-order-service').data?.KAFKA_BROKERS;
    });
    expect(environmentProblems(await appConfigSchema('order-service'), environment)).toEqual([
      "KAFKA_BROKERS: not set (its default 127.0.0.1:9092 is local development's)",
    ]);
  });

  it('reports a Secret reference that resolves to nothing', () => {
    const { unresolved } = environmentAfter((broken) => {
      const secret = named(broken, 'Secret', 'shop-secrets');
      delete secret.stringData?.['order-service-database-url'];
    });
    expect(unresolved).toEqual(['DATABASE_URL (shop-secrets/order-service-database-url)']);
  });

  it('reports a value the app rejects and a variable it never reads', async () => {
    const { environment } = environmentAfter((broken) => {
      const data = named(broken, 'ConfigMap', 'shop-order-service').data ?? {};
      data.SAGA_DEADLINE_MS = 'soon';
      data.PRODUCT_URL = 'http://shop-product-service:3002';
    });
    const problems = environmentProblems(await appConfigSchema('order-service'), environment);
    expect(problems[0]).toBe('PRODUCT_URL: the app never reads it');
    expect(problems[1]).toContain('SAGA_DEADLINE_MS');
  });
});

describe('the network check', () => {
  it('sees a connection a policy admits beyond the listed ones', () => {
    const before = admittedEdges(objects, 'shop');
    const broken = copyOf(objects);
    const policy = named(broken, 'NetworkPolicy', 'shop-inventory-service');
    policy.spec.ingress.push({ ports: [{ protocol: 'TCP', port: 3003 }] });
    const added = admittedEdges(broken, 'shop').filter((edge) => !before.includes(edge));
    expect(added).toEqual(['elsewhere -> inventory-service:3003/TCP']);
  });

  it('sees a connection a removed egress rule no longer admits', () => {
    const before = admittedEdges(objects, 'shop');
    const broken = copyOf(objects);
    const policy = named(broken, 'NetworkPolicy', 'shop-order-service');
    policy.spec.egress = policy.spec.egress.filter(
      (rule: { ports?: { port: number }[] }) => rule.ports?.[0]?.port !== 3002,
    );
    const removed = before.filter((edge) => !admittedEdges(broken, 'shop').includes(edge));
    expect(removed).toEqual(['order-service -> product-service:3002/TCP']);
  });
});
