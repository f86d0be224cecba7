import { type Static, type TObject, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Settings every service reads from its environment. A service's own schema is merged over
 * these, so it can change a default (its PORT) or a constraint by declaring the same name.
 */
export const commonConfigSchema = Type.Object({
  NODE_ENV: Type.Union(
    [Type.Literal('development'), Type.Literal('test'), Type.Literal('production')],
    { default: 'production' },
  ),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) =>
      Type.Literal(level),
    ),
    { default: 'info' },
  ),
  // Loopback by default so a developer's service is not reachable from the network by
  // accident; containers set HOST=0.0.0.0.
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }),
  SERVICE_NAME: Type.Optional(Type.String({ minLength: 1, pattern: '^[a-z0-9][a-z0-9._-]*$' })),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1, default: 1_048_576 }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 10_000 }),
});

export type CommonConfig = {
  NODE_ENV: 'development' | 'test' | 'production';
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  HOST: string;
  PORT: number;
  SERVICE_NAME?: string;
  BODY_LIMIT_BYTES: number;
  SHUTDOWN_TIMEOUT_MS: number;
};

/** The configuration a service gets for its schema: its own settings plus the common ones. */
export type ServiceConfig<S extends TObject> = Omit<CommonConfig, keyof Static<S>> & Static<S>;

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Thrown by loadConfig with every variable that is missing or invalid, not just the first. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Reads the variables named by `schema` (merged over the common ones) from `env`, applies
 * defaults, converts strings to the declared types and validates. Empty strings count as
 * unset, as they do in most shells' `VAR= command`.
 */
export function loadConfig<S extends TObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): ServiceConfig<S> {
  const merged = Type.Object({ ...commonConfigSchema.properties, ...schema.properties });
  const raw: Record<string, string> = {};
  for (const name of Object.keys(merged.properties)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const value = Value.Convert(merged, Value.Default(merged, Value.Clone(raw)));
  const invalid = new Set<string>();
  for (const error of Value.Errors(merged, value)) {
    if (error.keyword === 'required') {
      const params = error.params as { requiredProperties?: string[] };
      for (const name of params.requiredProperties ?? []) invalid.add(name);
    } else {
      const name = error.instancePath.split('/')[1];
      if (name) invalid.add(name);
    }
  }
  if (invalid.size > 0) {
    const problems = [...invalid].sort().map((variable) => ({
      variable,
      message: describeProblem(
        (merged.properties as Record<string, TSchema>)[variable] as TSchema,
        raw[variable],
      ),
    }));
    throw new ConfigError(problems);
  }
  return value as ServiceConfig<S>;
}

/**
 * For main.ts: the configuration, or a message naming every bad variable on stderr and exit
 * code 1. A stack trace would only hide the one line an operator needs.
 */
export function loadConfigOrExit<S extends TObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): ServiceConfig<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

function describeProblem(schema: TSchema, raw: string | undefined): string {
  const expected = describeExpectation(schema);
  if (raw === undefined) return `is required${expected ? ` and ${expected}` : ''}`;
  return `${expected ?? 'is invalid'} (got ${JSON.stringify(raw)})`;
}

type SchemaShape = {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: SchemaShape[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
  description?: string;
};

function describeExpectation(schema: TSchema): string | undefined {
  const s = schema as SchemaShape;
  const choices =
    s.enum ?? (s.anyOf?.every((o) => 'const' in o) ? s.anyOf.map((o) => o.const) : []);
  if (choices.length > 0) return `must be one of ${choices.join(', ')}`;
  if (s.type === 'integer' || s.type === 'number') {
    const noun = s.type === 'integer' ? 'an integer' : 'a number';
    if (s.minimum !== undefined && s.maximum !== undefined) {
      return `must be ${noun} between ${s.minimum} and ${s.maximum}`;
    }
    if (s.minimum !== undefined) return `must be ${noun} of at least ${s.minimum}`;
    if (s.maximum !== undefined) return `must be ${noun} of at most ${s.maximum}`;
    return `must be ${noun}`;
  }
  if (s.type === 'boolean') return 'must be true or false';
  if (s.type === 'string') {
    if (s.format) return `must be a valid ${s.format}`;
    if (s.pattern) return `must match ${s.pattern}`;
    if (s.minLength !== undefined && s.minLength > 1) {
      return `must be at least ${s.minLength} characters`;
    }
  }
  return s.description ? `must be ${s.description}` : undefined;
}
