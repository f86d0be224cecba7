import type { ProxyRoute } from '../routing/route-table.ts';

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are open-ended JSON
type Json = any;

export interface ServiceDocument {
  service: string;
  document: Json;
  /** The gateway routes to this service; only paths under their upstream prefixes are public. */
  routes: readonly ProxyRoute[];
}

export interface MergeOptions {
  title: string;
  version: string;
  description?: string;
  services: readonly ServiceDocument[];
  /** Paths the gateway serves itself, kept as they are (e.g. the key set). */
  extraPaths?: Record<string, Json>;
}

const componentKinds = [
  'schemas',
  'responses',
  'parameters',
  'examples',
  'requestBodies',
  'headers',
  'links',
  'callbacks',
  'pathItems',
] as const;

/** `product-service` -> `ProductService`: the prefix of that service's component names. */
export function componentPrefix(service: string): string {
  return service
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

/** The public path of an upstream path, or undefined when the gateway does not expose it. */
export function publicPath(
  upstreamPath: string,
  routes: readonly ProxyRoute[],
): string | undefined {
  for (const route of routes) {
    if (upstreamPath === route.upstreamPrefix) return route.prefix;
    if (upstreamPath.startsWith(`${route.upstreamPrefix}/`)) {
      return route.prefix + upstreamPath.slice(route.upstreamPrefix.length);
    }
  }
  return undefined;
}

/** Deep copy with every `#/components/<kind>/<name>` reference renamed. */
function renameRefs(value: Json, rename: (ref: string) => string): Json {
  if (Array.isArray(value)) return value.map((item) => renameRefs(item, rename));
  if (value === null || typeof value !== 'object') return value;
  const copy: Json = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] =
      key === '$ref' && typeof item === 'string' ? rename(item) : renameRefs(item, rename);
  }
  return copy;
}

const httpMethods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * One OpenAPI 3.1 document for the whole API as clients see it through the gateway: each
 * service's paths under their public prefixes (paths the gateway does not route are left
 * out), components renamed with a per-service prefix (`ProductService.Product`) so equal names
 * cannot collide, operation ids prefixed alike, and every operation tagged with its service.
 * All services share the one bearer security scheme.
 */
export function mergeOpenApi(options: MergeOptions): Json {
  const merged: Json = {
    openapi: '3.1.0',
    info: {
      title: options.title,
      version: options.version,
      ...(options.description ? { description: options.description } : {}),
    },
    tags: [] as Json[],
    paths: { ...(options.extraPaths ?? {}) },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
  };

  for (const { service, document, routes } of options.services) {
    const prefix = componentPrefix(service);
    const rename = (ref: string) => {
      const match = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
      if (!match || match[1] === 'securitySchemes') return ref;
      return `#/components/${match[1]}/${prefix}.${match[2]}`;
    };
    const renamed = renameRefs(document, rename);
    merged.tags.push({
      name: service,
      description: renamed.info?.description ?? renamed.info?.title,
    });

    for (const kind of componentKinds) {
      const entries = renamed.components?.[kind];
      if (!entries) continue;
      merged.components[kind] ??= {};
      for (const [name, component] of Object.entries(entries)) {
        merged.components[kind][`${prefix}.${name}`] = component;
      }
    }

    for (const [path, item] of Object.entries<Json>(renamed.paths ?? {})) {
      const exposed = publicPath(path, routes);
      if (!exposed) continue;
      const pathItem: Json = { ...item };
      for (const [method, operation] of Object.entries<Json>(item)) {
        if (!httpMethods.has(method) || typeof operation !== 'object') continue;
        pathItem[method] = {
          ...operation,
          tags: [service],
          ...(operation.operationId ? { operationId: `${prefix}.${operation.operationId}` } : {}),
        };
      }
      merged.paths[exposed] = { ...(merged.paths[exposed] ?? {}), ...pathItem };
    }
  }
  return merged;
}
