import { randomUUID } from 'node:crypto';
import type { InfraSettings } from '@ecommerce/testkit';
import setup from '@ecommerce/testkit/global-setup';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestProject } from 'vitest/node';

// The testkit's testcontainers path, run for real: with no TEST_* settings and a Docker Engine
// answering, its global setup starts Postgres, Redis and Kafka containers and hands their
// settings to the tests. Where no registry answers, the containers run the stand-in images.

const docker = inject('docker');
const saved = { ...process.env };
let settings: InfraSettings | undefined;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  for (const name of Object.keys(process.env))
    if (name.startsWith('TEST_')) delete process.env[name];
  process.env.DOCKER_HOST = docker.dockerHost;
  if (docker.standins) {
    process.env.TESTKIT_POSTGRES_IMAGE = 'ecommerce-local/postgres:15';
    process.env.TESTKIT_REDIS_IMAGE = 'ecommerce-local/redis:7';
    process.env.TESTKIT_KAFKA_IMAGE = 'ecommerce-local/cp-kafka:7.9.1';
    // Ryuk, testcontainers' reaper of leftover containers, is an image from a registry too;
    // without it the containers are removed by stop() below.
    process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  }
  const project = {
    provide: (key: string, value: InfraSettings) => {
      if (key === 'infra') settings = value;
    },
  } as unknown as TestProject;
  stop = (await setup(project)) ?? undefined;
}, 600_000);

afterAll(async () => {
  await stop?.();
  process.env = saved;
}, 120_000);

describe('testkit on testcontainers', () => {
  it('chose the containers, not TEST_* settings or infra/local', () => {
    expect(settings?.source).toBe('docker');
  });

  it('gives a Postgres 15 with every service role (the setup created them)', async () => {
    const client = new pg.Client({ connectionString: settings?.postgresUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string; roles: string }>(
        "SELECT current_setting('server_version') AS version, (SELECT count(*) FROM pg_roles WHERE rolname LIKE '%_service')::text AS roles",
      );
      expect(rows[0]?.version).toMatch(/^15\./);
      expect(Number(rows[0]?.roles)).toBeGreaterThanOrEqual(6);
    } finally {
      await client.end();
    }
  });

  it('gives a Redis that stores and reads back', async () => {
    const redis = new Redis(settings?.redisUrl ?? '');
    try {
      await redis.set('testcontainers-check', 'ok');
      expect(await redis.get('testcontainers-check')).toBe('ok');
    } finally {
      redis.disconnect();
    }
  });

  it('gives a Kafka broker that takes a message and hands it to a consumer', async () => {
    const kafka = new Kafka({ brokers: settings?.kafkaBrokers ?? [], logLevel: logLevel.NOTHING });
    const topic = `testcontainers-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'hello' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: `${topic}-group` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message within 60 s')), 60_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          resolve(String(message.value));
        },
      });
    });
    await consumer.disconnect();
    expect(received).toBe('hello');
  }, 120_000);
});
