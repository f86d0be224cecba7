import type { FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { type FieldError, problemContentType } from './errors.ts';
import { badRequest } from './problem.ts';

/**
 * Text Postgres can store has no U+0000 (text columns refuse it). In the schema, so the OpenAPI
 * document carries the rule and clients (and fuzzers) generate only what the service accepts.
 * The other text Postgres refuses, a lone UTF-16 surrogate (not valid UTF-8), is not a Unicode
 * string at all, so no pattern can name it portably: `rejectMalformedText` refuses it.
 */
export const storableTextPattern = '^[^\\u0000]*$';

/** Postgres `integer`, the column type of every count and amount. */
export const integerBounds = { minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;

/** Free text without a bound of its own; every field that maps to a column sets a tighter one. */
export const defaultMaxLength = 10_000;

/** An RFC 9457 problem, as every error of every service is sent (errors.ts). */
export const ProblemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
  },
  additionalProperties: true,
} as const;

type JsonSchema = Record<string, unknown>;

const childKeys = ['items', 'additionalProperties', 'not', 'contains'] as const;
const listKeys = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const mapKeys = ['properties', 'patternProperties'] as const;

/**
 * Gives every string and integer of a request schema the bounds the database can hold, unless
 * the schema sets its own: strings without a format or fixed values get a length limit and,
 * unless they have a pattern of their own, the storable text pattern; integers get Postgres
 * `integer` bounds. Idempotent, so a schema shared by several routes is safe to pass twice.
 */
export function boundRequestSchema(schema: unknown): void {
  if (schema === null || typeof schema !== 'object') return;
  const node = schema as JsonSchema;
  const types = [node.type].flat();
  const fixed = 'enum' in node || 'const' in node;
  if (types.includes('string') && !fixed) {
    // A format (uuid, email, date-time) already fixes the characters and the length.
    if (!('format' in node)) {
      if (!('pattern' in node)) node.pattern = storableTextPattern;
      if (!('maxLength' in node)) node.maxLength = defaultMaxLength;
    }
  }
  if (types.includes('integer') && !fixed) {
    if (!('minimum' in node) && !('exclusiveMinimum' in node)) {
      node.minimum = integerBounds.minimum;
    }
    if (!('maximum' in node) && !('exclusiveMaximum' in node)) {
      node.maximum = integerBounds.maximum;
    }
  }
  // A property with a default is filled in by the validator: the client need not send it, so
  // the document must not call it required.
  const properties = node.properties as Record<string, JsonSchema> | undefined;
  if (Array.isArray(node.required) && properties) {
    node.required = node.required.filter((name) => properties[name]?.default === undefined);
    if ((node.required as unknown[]).length === 0) delete node.required;
  }
  for (const key of childKeys) boundRequestSchema(node[key]);
  for (const key of listKeys)
    for (const child of [node[key] ?? []].flat()) boundRequestSchema(child);
  for (const key of mapKeys) {
    for (const child of Object.values((node[key] as JsonSchema | undefined) ?? {})) {
      boundRequestSchema(child);
    }
  }
}

/** Every string in `value` that is not well-formed Unicode (a lone surrogate), by its path. */
function malformedText(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return value.isWellFormed() ? [] : [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => [
    ...(key.isWellFormed() ? [] : [[...path, key]]),
    ...malformedText(child, [...path, key]),
  ]);
}

/**
 * 400 for a request whose body, query or path carries a lone surrogate: JSON can spell one
 * (`"\ud800"`), Postgres cannot store it, and no other layer would notice before the database.
 */
export function rejectMalformedText(request: FastifyRequest): void {
  const errors: FieldError[] = (['body', 'querystring', 'params'] as const).flatMap((part) =>
    malformedText(part === 'querystring' ? request.query : request[part]).map((path) => ({
      in: part,
      field: path.join('.'),
      instancePath: path.map((key) => `/${key}`).join(''),
      message: 'must be well-formed Unicode text (no lone surrogate)',
    })),
  );
  if (errors.length > 0) {
    throw badRequest(undefined, {
      detail: `The request has ${errors.length} malformed text field${errors.length === 1 ? '' : 's'}`,
      extensions: { errors },
    });
  }
}

const problemResponse = (description: string) => ({
  description,
  content: { [problemContentType]: { schema: ProblemSchema } },
});

/** What each status means on any route that can answer it. */
const problemDescriptions: Record<number, string> = {
  400: 'The request is invalid (each field is listed in `errors`)',
  401: 'No valid access token',
  403: 'The token does not carry a role this route needs',
  404: 'No such resource',
  409: 'The request conflicts with the current state',
  413: 'The body is larger than the service accepts',
  415: 'The body is not JSON',
  422: 'The request is understood but cannot be carried out',
  429: 'Too many requests; retry after the time in Retry-After',
  431: 'The URL or the headers are longer than the server reads',
  503: 'The service is shutting down or a dependency is unavailable; retry later',
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Problem statuses this route answers beyond those service-kit can tell from its schema
     * (400, 404, 413/415, 503; 401/403 come with `authenticate`), e.g. `[409, 422]`; each one is declared in OpenAPI.
     */
    problems?: number[];
    /**
     * The body may be left out: a request without one is validated as `{}` (so the schema's
     * defaults apply), and the OpenAPI document says the body is not required.
     */
    optionalBody?: boolean;
  }
}

/** Marks an operation whose body may be left out; openapi.ts turns it into `required: false`. */
export const optionalBodyMarker = 'x-optional-body';

async function defaultToEmptyBody(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}

function allowMissingBody(route: RouteOptions, schema: JsonSchema): void {
  schema[optionalBodyMarker] = true;
  const hooks = route.preValidation ?? [];
  route.preValidation = [...(Array.isArray(hooks) ? hooks : [hooks]), defaultToEmptyBody];
}

/**
 * Adds each status's problem response to a route schema. An error status the route declares
 * itself keeps its description and schema, sent (and so documented) as problem+json.
 */
export function declareProblems(schema: JsonSchema, statuses: Iterable<number>): JsonSchema {
  const response: JsonSchema = {};
  for (const [status, declared] of Object.entries((schema.response as JsonSchema) ?? {})) {
    const plain = Number(status) >= 400 && !(declared as JsonSchema).content;
    response[status] = plain
      ? {
          description: (declared as JsonSchema).description ?? problemDescriptions[Number(status)],
          content: { [problemContentType]: { schema: declared } },
        }
      : declared;
  }
  // A route that declared no success answer still has one: keep Swagger's default in the
  // document rather than a list of errors alone.
  if (!Object.keys(response).some((status) => !(Number(status) >= 400))) {
    response[200] = { description: 'Default Response' };
  }
  for (const status of statuses) {
    response[status] ??= problemResponse(problemDescriptions[status] ?? 'Problem');
  }
  return { ...schema, response };
}

function statusesOf(route: RouteOptions): number[] {
  const schema = (route.schema ?? {}) as JsonSchema;
  // 431 (headers or URL too long) is answered before any route is chosen (client-errors.ts).
  const statuses = new Set<number>([431, 503]);
  if (schema.body || schema.querystring || schema.params || schema.headers) statuses.add(400);
  if (schema.params) statuses.add(404);
  if (schema.body) {
    statuses.add(413);
    statuses.add(415);
  }
  for (const status of route.config?.problems ?? []) statuses.add(status);
  return [...statuses].sort();
}

/**
 * Makes each route's schema tell the truth about what it accepts and answers, once for every
 * service: request strings and integers bounded (boundRequestSchema), and every problem status
 * the route can answer declared with its `application/problem+json` body. A status the route
 * declares itself is left as it is.
 */
export const routeContractPlugin = fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      const schema = route.schema as (JsonSchema & { hide?: boolean }) | undefined;
      if (!schema || schema.hide) return;
      for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
        boundRequestSchema(schema[part]);
      }
      if (route.config?.optionalBody && schema.body) allowMissingBody(route, schema);
      route.schema = declareProblems(schema, statusesOf(route));
    });
    app.addHook('preValidation', async (request) => rejectMalformedText(request));
  },
  { name: 'service-kit-route-contract' },
);
