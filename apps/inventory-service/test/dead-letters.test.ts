import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { deployMigrations } from '@ecommerce/db/migrations';
import { createEventProducer, OrderCreated } from '@ecommerce/events';
import { loadConfig } from '@ecommerce/service-kit';
import { createTestTokenIssuer } from '@ecommerce/service-kit/testing';
import { isolatedInfra } from '@ecommerce/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { startMessaging } from '../src/events/messaging.ts';

// inventory-service with its saga consumer on real Kafka: what it dead-letters is listed and
// replayed through its own API, by admins only.
const infra = await isolatedInfra();
const databaseUrl = infra.postgres.urlFor('inventory-service');
await deployMigrations(
  { schemaPath: fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url)) },
  { databaseUrl },
);
const logLines: Record<string, unknown>[] = [];
const issuer = await createTestTokenIssuer();
const config = loadConfig(configSchema, {
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  DATABASE_URL: databaseUrl,
  KAFKA_BROKERS: infra.kafka.brokers.join(','),
  KAFKA_TOPIC_PREFIX: infra.kafka.topic(''),
});
const app = await buildApp(config, {
  jwks: issuer.jwks,
  logStream: { write: (line: string) => void logLines.push(JSON.parse(line)) },
});
await startMessaging(app, config);
await app.ready();
afterAll(() => app.close());

const adminId = randomUUID();
const bearer = async (userId: string, roles: string[]) => ({
  authorization: `Bearer ${await issuer.token({ userId, roles })}`,
});
const adminHeaders = await bearer(adminId, ['admin']);

interface Listed {
  id: string;
  reason: string;
  consumer: string;
  originalTopic: string;
  key: string | null;
  replayOf: string | null;
  replayedAt: string | null;
}

async function deadLetters(): Promise<Listed[]> {
  const response = await app.inject({ url: '/inventory/dead-letters', headers: adminHeaders });
  expect(response.statusCode).toBe(200);
  expect(response.headers['cache-control']).toBe('no-store');
  return response.json().items;
}

const topic = infra.kafka.topic(OrderCreated.topic);
const key = randomUUID();

describe('inventory-service’s dead letters', () => {
  it('lists an event its consumer refused, with why and where it came from', async () => {
    const producer = await createEventProducer({
      kafka: { brokers: infra.kafka.brokers, clientId: 'dead-letter-test' },
    });
    try {
      // Valid JSON but no event: the consumer dead-letters it at once as invalid.
      await producer.send([{ topic, key, value: JSON.stringify({ hello: 'world' }), headers: {} }]);
    } finally {
      await producer.disconnect();
    }
    await expect.poll(deadLetters, { timeout: 60_000, interval: 500 }).toHaveLength(1);
    const [letter] = await deadLetters();
    expect(letter).toMatchObject({
      reason: 'invalid',
      consumer: 'inventory-service',
      originalTopic: topic,
      key,
      replayOf: null,
      replayedAt: null,
    });
  });

  it('refuses customers and anonymous callers, as problem+json', async () => {
    const [letter] = await deadLetters();
    const customer = await bearer(randomUUID(), ['customer']);
    for (const [headers, status] of [
      [{}, 401],
      [customer, 403],
    ] as const) {
      const list = await app.inject({ url: '/inventory/dead-letters', headers });
      expect(list.statusCode).toBe(status);
      expect(list.headers['content-type']).toMatch(/application\/problem\+json/);
      const replay = await app.inject({
        method: 'POST',
        url: `/inventory/dead-letters/${encodeURIComponent(letter?.id ?? '')}/replay`,
        headers,
      });
      expect(replay.statusCode).toBe(status);
    }
  });

  it('replays it onto its topic, writes the audit log, and lists the failed replay as such', async () => {
    const [letter] = await deadLetters();
    const id = letter?.id ?? '';
    const replay = await app.inject({
      method: 'POST',
      url: `/inventory/dead-letters/${encodeURIComponent(id)}/replay`,
      headers: adminHeaders,
    });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toMatchObject({ id, replayedAt: expect.any(String) });
    expect(logLines).toContainEqual(
      expect.objectContaining({
        audit: true,
        action: 'dead-letter.replay',
        actor: adminId,
        deadLetter: id,
        topic,
      }),
    );
    // Still not an event: the consumer got it again and dead-lettered it again, naming it.
    await expect.poll(deadLetters, { timeout: 60_000, interval: 500 }).toHaveLength(2);
    const [again, original] = await deadLetters();
    expect(again).toMatchObject({ replayOf: id, key, reason: 'invalid' });
    expect(original).toMatchObject({ id, replayedAt: expect.any(String) });
  });

  it('answers 404 for a dead letter it does not have', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/inventory/dead-letters/${encodeURIComponent(`${topic}.dlq~0~999999`)}/replay`,
      headers: adminHeaders,
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
