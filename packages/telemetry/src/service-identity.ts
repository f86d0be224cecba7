import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** What a process reports about itself on every span: who it is, which build, where it runs. */
export interface ServiceIdentity {
  name: string;
  version?: string;
  environment: string;
}

interface PackageManifest {
  name?: string;
  version?: string;
}

/** The package.json nearest to (and above) the entry script, if any. */
export function findPackageManifest(entryScript: string | undefined): PackageManifest | undefined {
  if (!entryScript) return undefined;
  let dir = dirname(resolve(entryScript));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        return JSON.parse(readFileSync(candidate, 'utf8')) as PackageManifest;
      } catch {
        return undefined;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Resolves the service identity from the standard variables first, then from the app's own
 * package.json, so a process started any way (bin/up, tests, images, compose, Kubernetes) is
 * told apart from the others without each launcher having to name it.
 * `@ecommerce/order-service` reports as `order-service`. OTEL_RESOURCE_ATTRIBUTES still wins
 * over all of these: the SDK's environment detector merges it last.
 */
export function resolveServiceIdentity(
  env: NodeJS.ProcessEnv,
  manifest: PackageManifest | undefined,
): ServiceIdentity {
  const packageName = manifest?.name?.replace(/^@[^/]+\//, '');
  return {
    name: env.OTEL_SERVICE_NAME || env.SERVICE_NAME || packageName || 'unknown-service',
    version: env.SERVICE_VERSION || manifest?.version,
    environment: env.DEPLOYMENT_ENVIRONMENT || env.NODE_ENV || 'development',
  };
}
