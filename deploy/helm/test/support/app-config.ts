import { commonConfigSchema, loadConfig } from '@ecommerce/service-kit';
import type { TObject } from 'typebox';

/**
 * Variables a service reads outside its configuration schema: the service registry
 * (service-kit's startService), Node's own NODE_OPTIONS (heap caps, set through
 * apps.<app>.env) and OpenTelemetry's standard OTEL_* (packages/telemetry).
 */
const platformVariables = new Set([
  'REGISTRY_REDIS_URL',
  'REGISTRY_KEY_PREFIX',
  'ADVERTISED_URL',
  'NODE_OPTIONS',
]);
const loopback = /127\.0\.0\.1|localhost|\[::1\]/;

/**
 * What is wrong with an app's environment in a cluster: a variable its loadConfig rejects, a
 * variable it never reads, or one left at a default that points at the loopback interface
 * (local development's addresses: nothing listens there in a pod). Empty: the app starts with
 * this environment and reaches what it is configured to reach.
 */
export function environmentProblems(
  schema: TObject,
  environment: Record<string, string>,
): string[] {
  const properties = { ...commonConfigSchema.properties, ...schema.properties } as Record<
    string,
    { default?: unknown }
  >;
  const problems: string[] = [];
  for (const name of Object.keys(environment)) {
    if (!(name in properties) && !platformVariables.has(name) && !name.startsWith('OTEL_')) {
      problems.push(`${name}: the app never reads it`);
    }
  }
  for (const [name, property] of Object.entries(properties)) {
    const fallback = property.default;
    if (typeof fallback === 'string' && loopback.test(fallback) && !environment[name]) {
      problems.push(`${name}: not set (its default ${fallback} is local development's)`);
    }
  }
  try {
    loadConfig(schema, environment);
  } catch (error) {
    problems.push(`loadConfig: ${(error as Error).message}`);
  }
  return problems;
}
