/**
 * Names for @fastify/otel's hook and handler spans that a person can read.
 *
 * @fastify/otel names such a span `<hook> - <function name>`, and when the function is anonymous
 * it falls back to the Fastify plugin's name, which for an anonymous plugin is the first
 * hundred characters of its source text, chained through every parent plugin with ` -> `.
 * This keeps the function's name when it has one and otherwise the innermost plugin that has a
 * real name (e.g. `@fastify/rate-limit`), or only the hook. A route handler is named after the
 * request's method and its route (`handler - POST /orders`).
 */
const identifier = /^[@A-Za-z_$][\w$@./:-]*$/;
const notNames = new Set(['anonymous', 'fastify']);
const isName = (text: string) => identifier.test(text) && !notNames.has(text);

export function readableSpanName(
  hookName: string,
  handlerName: string | undefined,
  route?: string,
): string {
  // A route handler is best known by its route: its function is most often anonymous, and
  // @fastify/otel then hands over the name of the plugin that declared it.
  if (hookName === 'handler' && route) return `handler - ${route}`;
  const name = (handlerName ?? '').trim();
  if (isName(name)) return `${hookName} - ${name}`;
  const named = name
    .split(/\s+->\s+/)
    .map((part) => part.trim())
    .filter(isName);
  const innermost = named.at(-1);
  return innermost ? `${hookName} - ${innermost}` : hookName;
}
