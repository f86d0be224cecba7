/** Where the real servers a test run uses can be reached. */
export interface InfraSettings {
  /** How the servers were found: given by env vars, started in Docker, or run locally. */
  source: 'env' | 'docker' | 'local';
  /** Superuser URL of a Postgres cluster; the database part is ignored. */
  postgresUrl: string;
  redisUrl: string;
  kafkaBrokers: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    infra: InfraSettings;
  }
}

const envNames = ['TEST_POSTGRES_URL', 'TEST_REDIS_URL', 'TEST_KAFKA_BROKERS'] as const;

/**
 * Settings given through TEST_POSTGRES_URL, TEST_REDIS_URL and TEST_KAFKA_BROKERS (e.g. GitHub
 * service containers). All three or none: a partial set is a mistake worth stopping for.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): InfraSettings | undefined {
  const given = envNames.filter((name) => env[name]);
  if (given.length === 0) return undefined;
  if (given.length < envNames.length) {
    const missing = envNames.filter((name) => !env[name]);
    throw new Error(`Set all of ${envNames.join(', ')} or none; missing: ${missing.join(', ')}`);
  }
  return {
    source: 'env',
    postgresUrl: env.TEST_POSTGRES_URL as string,
    redisUrl: env.TEST_REDIS_URL as string,
    kafkaBrokers: (env.TEST_KAFKA_BROKERS as string).split(',').map((b) => b.trim()),
  };
}
