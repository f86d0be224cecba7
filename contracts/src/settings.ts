/**
 * Everything a contract suite knows about the implementation it checks: where it answers HTTP,
 * which Kafka it reads and writes (and the topic prefix of that deployment), and where its
 * access tokens come from. Nothing about its language, database or internals.
 */
export interface ContractTarget {
  /** Base URL of the service under test, e.g. http://127.0.0.1:3005. */
  baseUrl: string;
  /** Kafka bootstrap brokers the service uses. */
  kafkaBrokers: string[];
  /** Put before every topic name and the service's consumer group id (may be empty). */
  topicPrefix: string;
  /**
   * Tokens are minted the way the system mints them: by the user-service whose JWKS the
   * service under test trusts (its JWKS_URL). Customers are registered there; the admin logs in.
   */
  userServiceUrl: string;
  admin: { email: string; password: string };
}

const variables = {
  baseUrl: 'CONTRACT_BASE_URL',
  kafkaBrokers: 'CONTRACT_KAFKA_BROKERS',
  topicPrefix: 'CONTRACT_KAFKA_TOPIC_PREFIX',
  userServiceUrl: 'CONTRACT_USER_SERVICE_URL',
  adminEmail: 'CONTRACT_ADMIN_EMAIL',
  adminPassword: 'CONTRACT_ADMIN_PASSWORD',
} as const;

/** The target of a run against an implementation someone else started, from CONTRACT_* variables. */
export function targetFromEnvironment(env: NodeJS.ProcessEnv = process.env): ContractTarget {
  const read = (name: string, fallback?: string): string => {
    const value = env[name] ?? fallback;
    if (value === undefined || value === '') {
      throw new Error(`${name} is required to run a contract suite against a running service`);
    }
    return value;
  };
  return {
    baseUrl: read(variables.baseUrl).replace(/\/$/, ''),
    kafkaBrokers: read(variables.kafkaBrokers, '127.0.0.1:9092').split(','),
    topicPrefix: env[variables.topicPrefix] ?? '',
    userServiceUrl: read(variables.userServiceUrl, 'http://127.0.0.1:3001').replace(/\/$/, ''),
    admin: { email: read(variables.adminEmail), password: read(variables.adminPassword) },
  };
}
