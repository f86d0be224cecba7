import { AjvCompiler } from '@fastify/ajv-compiler';

type ExternalSchemas = Parameters<ReturnType<typeof AjvCompiler>>[0];
type CompilerOptions = NonNullable<Parameters<ReturnType<typeof AjvCompiler>>[1]>;
type RouteDefinition = { method: string; url: string; httpPart?: string; schema?: unknown };
type Validate = (data: unknown) => boolean;

/**
 * Request validation with two Ajv instances. Query strings, path parameters and headers are
 * text on the wire, so they are coerced to the declared type (`?limit=20` is the integer 20).
 * A JSON body already carries its types: `"name": true` or `"reason": 5` is the wrong type and
 * a 400, never silently turned into a string.
 */
export function buildRequestValidator(
  externalSchemas: ExternalSchemas,
  options: CompilerOptions = { customOptions: {} },
): (route: RouteDefinition) => Validate {
  const pool = AjvCompiler();
  const textParts = pool(externalSchemas, options);
  const bodies = pool(externalSchemas, {
    ...options,
    customOptions: { ...options.customOptions, coerceTypes: false },
  } as CompilerOptions);
  return (route: RouteDefinition) =>
    (route.httpPart === 'body' ? bodies : textParts)(
      route as unknown as Parameters<typeof bodies>[0],
    ) as Validate;
}
