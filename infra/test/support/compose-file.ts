import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@ecommerce/testkit';
import { parse } from 'yaml';

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  ports?: string[];
  environment?: Record<string, string | number>;
  volumes?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition?: string }>;
  restart?: string;
}

export const readRepoFile = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** docker-compose.yml with its YAML anchors and merge keys resolved, as Compose reads it. */
export const compose = parse(readRepoFile('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

export function composeService(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

/**
 * The servers under apps/ (a src/main.ts): each one is a compose service. Not among them: the
 * storefront (apps/web, static files the gateway serves) and implementations of a service in
 * another language (a go.mod), which replace theirs through an override (docker-compose.go.yml).
 */
export const apps = readdirSync(join(repoRoot, 'apps'), { withFileTypes: true })
  .filter(
    (entry) => entry.isDirectory() && existsSync(join(repoRoot, 'apps', entry.name, 'src/main.ts')),
  )
  .map((entry) => entry.name)
  .sort();

export { appConfigSchema, appDefaultPort } from '@ecommerce/testkit';

export const environmentOf = (service: ComposeService): Record<string, string> =>
  Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([name, value]) => [name, String(value)]),
  );

/**
 * A published port bound to loopback, its host side overridable by a variable:
 * `127.0.0.1:${POSTGRES_PORT:-5432}:5432` for 5432 (and the host default `hostPort`).
 */
export const loopbackPort = (containerPort: number, hostPort = containerPort) =>
  new RegExp(`^127\\.0\\.0\\.1:\\$\\{[A-Z_]+:-${hostPort}\\}:${containerPort}$`);
