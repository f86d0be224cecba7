import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createServiceSchemas, databaseUrl } from './postgres-init.ts';
import { developmentPassword, type ServiceName, serviceDatabases } from './services.ts';
import type { InfraSettings } from './settings.ts';

/**
 * One test file's private slice of the real infrastructure: its own Postgres database (with
 * every service schema and role, as in production), its own Kafka topic and consumer group
 * names, its own Redis key prefix. Everything is removed by `cleanup()`.
 */
export interface Isolation {
  /** Short unique id; all names below start with it. */
  id: string;
  settings: InfraSettings;
  postgres: {
    database: string;
    /** Superuser URL of this test's database. */
    adminUrl: string;
    /** URL as a service's own role, which reaches only that service's schema. */
    urlFor(service: ServiceName): string;
    /** A pool on this database, closed on cleanup. Superuser unless a service is named. */
    pool(service?: ServiceName): pg.Pool;
  };
  redis: {
    url: string;
    keyPrefix: string;
    /** A client whose keys all carry this test's prefix, closed on cleanup. */
    client(options?: RedisOptions): Redis;
  };
  kafka: {
    brokers: string[];
    /** A topic name private to this test. */
    topic(name: string): string;
    /** A consumer group id private to this test. */
    groupId(name: string): string;
    /** A kafkajs client for this test's brokers. */
    client(config?: Partial<KafkaConfig>): Kafka;
  };
  cleanup(): Promise<void>;
}

export async function createIsolation(settings: InfraSettings): Promise<Isolation> {
  const id = `t${randomBytes(5).toString('hex')}`;
  const database = id;
  const adminUrl = databaseUrl(settings.postgresUrl, database);

  const admin = new pg.Client({ connectionString: databaseUrl(settings.postgresUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  await createServiceSchemas(settings.postgresUrl, database);

  const pools: pg.Pool[] = [];
  const redisClients: Redis[] = [];
  const keyPrefix = `${id}:`;
  const topicPrefix = `${id}.`;

  const urlFor = (service: ServiceName) => {
    const { role } = serviceDatabases[service];
    return databaseUrl(settings.postgresUrl, database, role, developmentPassword(role));
  };
  const kafkaClient = (config: Partial<KafkaConfig> = {}) =>
    new Kafka({ clientId: id, brokers: settings.kafkaBrokers, logLevel: logLevel.WARN, ...config });

  return {
    id,
    settings,
    postgres: {
      database,
      adminUrl,
      urlFor,
      pool(service) {
        const pool = new pg.Pool({
          connectionString: service ? urlFor(service) : adminUrl,
          max: 4,
        });
        // The database is dropped WITH (FORCE) at cleanup, which ends any connection still
        // open; on an idle one that is an 'error' event, not a test failure.
        pool.on('error', () => {});
        pools.push(pool);
        return pool;
      },
    },
    redis: {
      url: settings.redisUrl,
      keyPrefix,
      client(options = {}) {
        const client = new Redis(settings.redisUrl, { keyPrefix, lazyConnect: false, ...options });
        redisClients.push(client);
        return client;
      },
    },
    kafka: {
      brokers: settings.kafkaBrokers,
      topic: (name) => `${topicPrefix}${name}`,
      groupId: (name) => `${topicPrefix}${name}`,
      client: kafkaClient,
    },
    async cleanup() {
      await Promise.all(pools.map((pool) => pool.end()));
      await Promise.all(
        redisClients.map((client) => client.quit().catch(() => client.disconnect())),
      );
      await dropDatabase(settings.postgresUrl, database);
      await deleteRedisKeys(settings.redisUrl, keyPrefix);
      await deleteKafkaTopicsAndGroups(kafkaClient(), topicPrefix);
    },
  };
}

/**
 * Isolation for the calling test file, removed after its last test. Call at the top level of a
 * test file: `const infra = await isolatedInfra();`
 */
export async function isolatedInfra(): Promise<Isolation> {
  const isolation = await createIsolation(inject('infra'));
  afterAll(() => isolation.cleanup(), 60_000);
  return isolation;
}

async function dropDatabase(serverUrl: string, database: string) {
  const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function deleteRedisKeys(url: string, prefix: string) {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

async function deleteKafkaTopicsAndGroups(kafka: Kafka, prefix: string) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const ours = groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    if (ours.length > 0) await admin.deleteGroups(ours);
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}
