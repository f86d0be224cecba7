import { join } from 'node:path';
import type { TObject } from 'typebox';
import { repoRoot } from './repo.ts';

/** An app's own configuration schema (src/config.ts), the one its main.ts validates. */
export async function appConfigSchema(app: string): Promise<TObject> {
  const module = (await import(join(repoRoot, 'apps', app, 'src/config.ts'))) as {
    configSchema: TObject;
  };
  return module.configSchema;
}

/** The port an app listens on when PORT is not set. */
export async function appDefaultPort(app: string): Promise<number> {
  const port = (await appConfigSchema(app)).properties.PORT as { default?: number } | undefined;
  if (typeof port?.default !== 'number') throw new Error(`${app} declares no default PORT`);
  return port.default;
}
