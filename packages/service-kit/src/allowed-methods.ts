import FindMyWay, { type HTTPMethod } from 'find-my-way';

/**
 * The methods each path answers, in a router of its own that mirrors the app's routes, so a
 * request with a method the path does not serve is told so (405 + Allow) rather than that the
 * path does not exist (404).
 */
export function allowedMethodsIndex() {
  const router = FindMyWay();
  const methods = new Set<string>();
  const seen = new Set<string>();
  // Paths served by a route without parameters, and their methods.
  const literal = new Map<string, Set<string>>();
  return {
    add(method: string | string[], url: string) {
      // Fastify answers HEAD on every GET route (exposeHeadRoutes), with or without an onRoute.
      const served = [method].flat();
      for (const one of served.includes('GET') ? [...served, 'HEAD'] : served) {
        if (seen.has(`${one} ${url}`) || router.hasRoute(one as HTTPMethod, url)) continue;
        seen.add(`${one} ${url}`);
        if (!/[:*]/.test(url)) literal.set(url, (literal.get(url) ?? new Set()).add(one));
        methods.add(one);
        router.on(one as HTTPMethod, url, () => {});
      }
    },
    /**
     * True when `path` is a route of its own that does not serve `method`, though a route with
     * a parameter matched it (`PATCH /products/lookup` is not `PATCH /products/:id`).
     */
    isLiteralWithout(method: string, path: string): boolean {
      const methods = literal.get(path);
      return methods !== undefined && !methods.has(method);
    },
    /** The methods `path` is served with, empty when no route matches it at all. */
    allowed(path: string): string[] {
      const methodsOfPath = literal.get(path);
      if (methodsOfPath) return [...methodsOfPath].sort();
      return [...methods].filter((method) => router.find(method as HTTPMethod, path)).sort();
    },
  };
}
