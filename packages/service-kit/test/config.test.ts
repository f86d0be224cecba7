import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.ts';

const schema = Type.Object({
  DATABASE_URL: Type.String({ format: 'uri' }),
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3004 }),
  CACHE_ENABLED: Type.Boolean({ default: false }),
  FEATURE_FLAG: Type.Optional(Type.String()),
});

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults, converts strings and keeps the common settings', () => {
    const config = loadConfig(schema, {
      DATABASE_URL: 'postgresql://user:pw@127.0.0.1:5432/ecommerce',
      CACHE_ENABLED: 'true',
      SHUTDOWN_TIMEOUT_MS: '2500',
      UNRELATED: 'ignored',
    });
    expect(config).toEqual({
      DATABASE_URL: 'postgresql://user:pw@127.0.0.1:5432/ecommerce',
      PORT: 3004,
      CACHE_ENABLED: true,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      BODY_LIMIT_BYTES: 1_048_576,
      SHUTDOWN_TIMEOUT_MS: 2500,
    });
  });

  it('names the variable, what it must be and what it got', () => {
    const error = configError({ DATABASE_URL: 'postgresql://127.0.0.1/x', PORT: 'abc' });
    expect(error.message).toBe(
      'Invalid configuration: PORT must be an integer between 1 and 65535 (got "abc")',
    );
  });

  it('lists every bad or missing variable at once', () => {
    const error = configError({ PORT: '70000', NODE_ENV: 'dev', CACHE_ENABLED: 'maybe' });
    expect(error.problems).toEqual([
      { variable: 'CACHE_ENABLED', message: 'must be true or false (got "maybe")' },
      { variable: 'DATABASE_URL', message: 'is required and must be a valid uri' },
      {
        variable: 'NODE_ENV',
        message: 'must be one of development, test, production (got "dev")',
      },
      { variable: 'PORT', message: 'must be an integer between 1 and 65535 (got "70000")' },
    ]);
    for (const { variable } of error.problems) expect(error.message).toContain(variable);
  });

  it('checks string formats', () => {
    const error = configError({ DATABASE_URL: 'not a url' });
    expect(error.problems).toEqual([
      { variable: 'DATABASE_URL', message: 'must be a valid uri (got "not a url")' },
    ]);
  });

  it('treats an empty value as unset', () => {
    const error = configError({ DATABASE_URL: '' });
    expect(error.problems.map((p) => p.variable)).toEqual(['DATABASE_URL']);
    expect(loadConfig(schema, { DATABASE_URL: 'postgresql://h/db', PORT: '' }).PORT).toBe(3004);
  });

  it('lets a service override a common setting', () => {
    const strict = Type.Object({ LOG_LEVEL: Type.Union([Type.Literal('warn')]) });
    expect(() => loadConfig(strict, { LOG_LEVEL: 'debug' })).toThrow(
      'LOG_LEVEL must be one of warn (got "debug")',
    );
  });
});
