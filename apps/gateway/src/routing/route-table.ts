export const upstreamServices = [
  'user-service',
  'product-service',
  'inventory-service',
  'order-service',
  'payment-service',
  'notification-service',
] as const;

export type UpstreamService = (typeof upstreamServices)[number];

export interface ProxyRoute {
  /** The public prefix, e.g. `/api/products`. */
  prefix: string;
  service: UpstreamService;
  /** What the prefix becomes upstream, e.g. `/products`. */
  upstreamPrefix: string;
}

/** Public prefixes and the service paths they map to. */
export const proxyRoutes: readonly ProxyRoute[] = [
  { prefix: '/api/auth', service: 'user-service', upstreamPrefix: '/auth' },
  { prefix: '/api/users', service: 'user-service', upstreamPrefix: '/users' },
  { prefix: '/api/products', service: 'product-service', upstreamPrefix: '/products' },
  { prefix: '/api/inventory', service: 'inventory-service', upstreamPrefix: '/inventory' },
  { prefix: '/api/orders', service: 'order-service', upstreamPrefix: '/orders' },
  { prefix: '/api/payments', service: 'payment-service', upstreamPrefix: '/payments' },
  {
    prefix: '/api/notifications',
    service: 'notification-service',
    upstreamPrefix: '/notifications',
  },
];

/** user-service's key set, under the gateway's own well-known path and under `/api/auth`. */
export const jwksPaths = ['/.well-known/jwks.json', '/api/auth/jwks'] as const;
export const upstreamJwksPath = '/.well-known/jwks.json';

/** The path of a request URL, without the query string. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query >= 0 ? url.slice(0, query) : url;
}

/** The upstream path (query string kept) of a public URL under `route.prefix`. */
export function upstreamPath(route: ProxyRoute, url: string): string {
  return route.upstreamPrefix + url.slice(route.prefix.length);
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * Requests that need no token at the edge: signing up and in (and out), the catalog's reads
 * (products and their stock, which storefronts show to shoppers who have not signed in), and
 * the key set. Everything else under `/api` needs a valid access token.
 */
export function isPublicRequest(method: string, path: string): boolean {
  if (under(path, '/api/auth')) return true;
  if (under(path, '/api/inventory')) return method === 'GET' || method === 'HEAD';
  if (under(path, '/api/products')) {
    if (method === 'GET' || method === 'HEAD') return true;
    // The batch lookup reads products by id; it changes nothing.
    return method === 'POST' && path === '/api/products/lookup';
  }
  return false;
}

/**
 * True when a path has a `.` or `..` segment, plain or percent-encoded. Such a path could
 * resolve upstream to something else than the prefix the edge checked.
 */
export function hasDotSegment(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return true;
  }
  return decoded.split(/[/\\]/).some((segment) => segment === '.' || segment === '..');
}
