import { existsSync } from 'node:fs';
import { request } from 'node:http';
import type { InfraSettings } from './settings.ts';

// Same image versions as docker-compose.yml, so both paths test against the same servers.
// TESTKIT_<NAME>_IMAGE replaces one, e.g. by a stand-in where no registry is reachable
// (infra/docker/standins: ecommerce-local/postgres:15, ecommerce-local/cp-kafka:7.9.1, ...).
const defaultImages = {
  postgres: 'postgres:15-alpine',
  redis: 'redis:7-alpine',
  // @testcontainers/kafka drives Confluent's image; cp-kafka 7.9 is the Apache Kafka 3.9 broker.
  kafka: 'confluentinc/cp-kafka:7.9.1',
};

function containerImages(env: Record<string, string | undefined> = process.env) {
  return {
    postgres: env.TESTKIT_POSTGRES_IMAGE || defaultImages.postgres,
    redis: env.TESTKIT_REDIS_IMAGE || defaultImages.redis,
    kafka: env.TESTKIT_KAFKA_IMAGE || defaultImages.kafka,
  };
}

/** True when a Docker engine answers its ping within a second. */
export async function dockerEngineReachable(): Promise<boolean> {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  let target: { socketPath: string } | { host: string; port: number };
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!existsSync(socketPath)) return false;
    target = { socketPath };
  } else if (host.startsWith('tcp://')) {
    const url = new URL(host);
    target = { host: url.hostname, port: Number(url.port || 2375) };
  } else {
    return false;
  }
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

export interface DockerInfra {
  settings: InfraSettings;
  stop(): Promise<void>;
}

/** Starts Postgres, Redis and Kafka containers for one test run. */
export async function startContainers(): Promise<DockerInfra> {
  // Imported lazily: testcontainers is optional and heavy, and unused without Docker.
  const [{ PostgreSqlContainer }, { RedisContainer }, { KafkaContainer }, { Wait }] =
    await Promise.all([
      import('@testcontainers/postgresql'),
      import('@testcontainers/redis'),
      import('@testcontainers/kafka'),
      import('testcontainers'),
    ]);
  const images = containerImages();
  const [postgres, redis, kafka] = await Promise.all([
    new PostgreSqlContainer(images.postgres)
      .withUsername('postgres')
      .withPassword('postgres')
      .withDatabase('ecommerce')
      .start(),
    new RedisContainer(images.redis).start(),
    // The module's default wait (the mapped port answering) passes as soon as Docker's port
    // proxy listens, before the broker does: wait for the broker's own "started" line.
    new KafkaContainer(images.kafka)
      .withKraft()
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started|\[KafkaServer id=\d+\] started/))
      .start(),
  ]);
  return {
    settings: {
      source: 'docker',
      postgresUrl: postgres.getConnectionUri(),
      redisUrl: redis.getConnectionUrl(),
      kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    },
    async stop() {
      await Promise.all([postgres.stop(), redis.stop(), kafka.stop()]);
    },
  };
}
