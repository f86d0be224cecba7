import type { ReadinessCheck } from './health.ts';

/** Anything with pg's `query(text)`: a `pg.Pool`, a `pg.Client`. */
export interface SqlQueryable {
  query(text: string): Promise<unknown>;
}

/**
 * Postgres answers a query. Give a pg Pool, or a function for other clients:
 * `postgresCheck(() => prisma.$queryRaw\`SELECT 1\`)`.
 */
export function postgresCheck(database: SqlQueryable | (() => Promise<unknown>)): ReadinessCheck {
  return typeof database === 'function'
    ? () => database()
    : async () => {
        await database.query('SELECT 1');
      };
}

/** Anything with ioredis' `ping()`. */
export interface Pingable {
  ping(): Promise<string>;
}

/** Redis answers PING with PONG. */
export function redisCheck(redis: Pingable): ReadinessCheck {
  return async () => {
    const answer = await redis.ping();
    if (answer !== 'PONG') throw new Error(`unexpected PING answer ${JSON.stringify(answer)}`);
  };
}

/**
 * Kafka is reachable, as judged by the event client (for example, its producer is connected
 * or an admin client can fetch metadata). The client library stays out of this package.
 */
export function kafkaCheck(probe: () => Promise<unknown>): ReadinessCheck {
  return () => probe();
}
