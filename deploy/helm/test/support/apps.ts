import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export { appConfigSchema, appDefaultPort as appPort } from '@ecommerce/testkit';

import { repoRoot } from '@ecommerce/testkit';

/** The folders under apps/ that are Node services run from infra/docker's image. */
export const apps = readdirSync(join(repoRoot, 'apps'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((app) => existsSync(join(repoRoot, 'apps', app, 'src/config.ts')))
  .filter((app) => existsSync(join(repoRoot, 'apps', app, 'package.json')))
  .sort();

export const hasDatabase = (app: string) =>
  existsSync(join(repoRoot, 'apps', app, 'prisma/schema.prisma'));
export const hasSeed = (app: string) => existsSync(join(repoRoot, 'apps', app, 'src/seed.ts'));

/** The app a URL variable of a configuration points at: UPSTREAM_ORDER_SERVICE -> order-service. */
export function appOfVariable(variable: string): string | undefined {
  if (variable === 'JWKS_URL') return 'user-service';
  const upstream = /^UPSTREAM_([A-Z]+_SERVICE)$/.exec(variable)?.[1];
  if (upstream) return upstream.toLowerCase().replaceAll('_', '-');
  const service = /^([A-Z]+_SERVICE)_URL$/.exec(variable)?.[1];
  return service ? service.toLowerCase().replaceAll('_', '-') : undefined;
}
