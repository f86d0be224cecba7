import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@ecommerce/testkit';
import type { TObject } from 'typebox';

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

/** An app's own configuration schema (src/config.ts), the one its main.ts validates. */
export async function appConfigSchema(app: string): Promise<TObject> {
  const module = (await import(join(repoRoot, 'apps', app, 'src/config.ts'))) as {
    configSchema: TObject;
  };
  return module.configSchema;
}

export async function appPort(app: string): Promise<number> {
  const port = (await appConfigSchema(app)).properties.PORT as { default?: number } | undefined;
  if (typeof port?.default !== 'number') throw new Error(`${app} declares no default PORT`);
  return port.default;
}

/** The app a URL variable of a configuration points at: UPSTREAM_ORDER_SERVICE -> order-service. */
export function appOfVariable(variable: string): string | undefined {
  if (variable === 'JWKS_URL') return 'user-service';
  const upstream = /^UPSTREAM_([A-Z]+_SERVICE)$/.exec(variable)?.[1];
  if (upstream) return upstream.toLowerCase().replaceAll('_', '-');
  const service = /^([A-Z]+_SERVICE)_URL$/.exec(variable)?.[1];
  return service ? service.toLowerCase().replaceAll('_', '-') : undefined;
}
