import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createIsolation } from '../src/isolation.ts';
import { databaseUrl } from '../src/postgres-init.ts';

const settings = inject('infra');

async function databaseExists(name: string) {
  const client = new pg.Client({ connectionString: databaseUrl(settings.postgresUrl, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('isolation', () => {
  it('gives two test files disjoint databases, key prefixes, topics and groups', async () => {
    const [a, b] = await Promise.all([createIsolation(settings), createIsolation(settings)]);
    try {
      expect(a.postgres.database).not.toBe(b.postgres.database);
      expect(a.redis.keyPrefix).not.toBe(b.redis.keyPrefix);
      expect(a.kafka.topic('orders')).not.toBe(b.kafka.topic('orders'));
      expect(a.kafka.groupId('inventory')).not.toBe(b.kafka.groupId('inventory'));

      await a.redis.client().set('k', 'a');
      await b.redis.client().set('k', 'b');
      expect(await a.redis.client().get('k')).toBe('a');
    } finally {
      await Promise.all([a.cleanup(), b.cleanup()]);
    }
  });

  it('removes its database, keys, topics and consumer groups on cleanup', async () => {
    const infra = await createIsolation(settings);
    await infra.redis.client().set('left-behind', '1');

    const kafka = infra.kafka.client();
    const topic = infra.kafka.topic('cleanup');
    const groupId = infra.kafka.groupId('cleanup');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
    // A short fetch wait, so disconnect does not sit out a 5 s long poll.
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async () => {} });
    await consumer.disconnect();

    expect(await databaseExists(infra.postgres.database)).toBe(true);
    await infra.cleanup();

    expect(await databaseExists(infra.postgres.database)).toBe(false);
    const redis = new Redis(settings.redisUrl);
    expect(await redis.keys(`${infra.redis.keyPrefix}*`)).toEqual([]);
    await redis.quit();
    expect(await admin.listTopics()).not.toContain(topic);
    const { groups } = await admin.listGroups();
    expect(groups.map((g) => g.groupId)).not.toContain(groupId);
    await admin.disconnect();
  });
});
