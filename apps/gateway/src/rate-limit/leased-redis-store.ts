import type { Redis } from 'ioredis';

/**
 * Takes `want` requests of a window's budget at once. The counter counts every request
 * taken, granted or not, so other instances see the budget spent; the first taker starts
 * the window. Answers [counter after taking, ms left in the window].
 */
const takeScript = `
local taken = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {taken, ttl}
`;

type LeaseRedis = Redis & {
  gatewayRateLimitTake(key: string, want: number, windowMs: number): Promise<[number, number]>;
};

export interface LeaseSettings {
  redis: Redis;
  /** Prefix of the Redis keys (one per client and window). */
  keyPrefix: string;
  /** Share of a limit one instance takes from Redis at a time (0.05: 5 %). */
  leaseFraction: number;
}

/** What @fastify/rate-limit asks of a store (its `store` option is the class). */
interface RateLimitStore {
  incr(
    key: string,
    callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
    timeWindow: number,
    max: number,
  ): void;
  child(routeOptions: { routeInfo: { method: string; url: string } }): RateLimitStore;
}

interface Lease {
  /** Requests taken from Redis and not used yet. */
  tokens: number;
  /** The window's counter in Redis at the last take (everyone's requests, this lease's too). */
  counted: number;
  /** Local time the window ends. */
  endsAt: number;
  /** The budget was used up at the last take: refuse until the window ends. */
  exhausted: boolean;
  /** A take in flight. */
  taking?: Promise<void>;
}

/** Requests taken per trip to Redis for a limit of `max`. */
export function leaseSize(max: number, fraction: number): number {
  return Math.max(1, Math.floor(max * fraction));
}

/**
 * A rate-limit store that admits requests from a local lease of the window's budget instead
 * of asking Redis for each one. An instance takes `leaseSize` requests of a client's budget
 * at a time (atomically, so all instances together never take more than the limit) and
 * takes the next lease in the background when a quarter of the current one is left; only a
 * client's first request in a window, or a burst faster than a lease, waits for Redis.
 *
 * Tolerance: the limit is never exceeded across instances. A client spread over N instances
 * can be refused early by at most (N - 1) x 1.25 leases (the unused part of the other
 * instances' leases when the budget runs out); on one instance the count is exact.
 */
export function leasedRedisStore(settings: LeaseSettings) {
  const redis = settings.redis as LeaseRedis;
  if (!redis.gatewayRateLimitTake) {
    redis.defineCommand('gatewayRateLimitTake', { numberOfKeys: 1, lua: takeScript });
  }
  const leases = new Map<string, Lease>();

  // Windows that ended are forgotten, so clients seen once do not stay in memory.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, lease] of leases) if (lease.endsAt <= now && !lease.taking) leases.delete(key);
  }, 10_000);
  sweep.unref();

  const take = (key: string, lease: Lease | undefined, windowMs: number, max: number) => {
    const want = leaseSize(max, settings.leaseFraction);
    const taking = redis.gatewayRateLimitTake(key, want, windowMs).then(([taken, ttl]) => {
      const now = Date.now();
      const granted = Math.max(0, Math.min(want, max - (taken - want)));
      const current = leases.get(key);
      // A new window began in Redis since this lease's: start again from what Redis says.
      const fresh = !current || current !== lease || current.endsAt <= now;
      const counted = Math.min(taken, max);
      const next: Lease = fresh
        ? { tokens: granted, counted, endsAt: now + ttl, exhausted: granted < want }
        : {
            tokens: current.tokens + granted,
            counted,
            endsAt: now + ttl,
            exhausted: granted < want,
          };
      leases.set(key, next);
    });
    const pending = lease ?? {
      tokens: 0,
      counted: 0,
      endsAt: Date.now() + windowMs,
      exhausted: false,
    };
    pending.taking = taking.finally(() => {
      pending.taking = undefined;
    });
    if (!lease) leases.set(key, pending);
    return pending.taking;
  };

  const decide = async (key: string, windowMs: number, max: number) => {
    // Each take either hands out requests or finds the budget spent, so this ends.
    for (;;) {
      const now = Date.now();
      let lease = leases.get(key);
      if (lease && lease.endsAt <= now && !lease.taking) {
        leases.delete(key);
        lease = undefined;
      }
      if (lease && lease.tokens > 0) {
        lease.tokens--;
        const lowWater = Math.floor(leaseSize(max, settings.leaseFraction) / 4);
        if (lease.tokens <= lowWater && lowWater > 0 && !lease.exhausted && !lease.taking) {
          // Errors surface on the request that waits for this take, if one does.
          take(key, lease, windowMs, max).catch(() => {});
        }
        return { current: lease.counted - lease.tokens, ttl: Math.max(0, lease.endsAt - now) };
      }
      if (lease?.exhausted && lease.endsAt > now) {
        return { current: max + 1, ttl: lease.endsAt - now };
      }
      await (lease?.taking ?? take(key, lease, windowMs, max));
    }
  };

  // @fastify/rate-limit constructs the store itself (with its own options, unused here).
  class LeasedRedisStore implements RateLimitStore {
    prefix = settings.keyPrefix;

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ) {
      decide(this.prefix + key, timeWindow, max).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
    }

    child(routeOptions: { routeInfo: { method: string; url: string } }) {
      const child = new LeasedRedisStore();
      child.prefix = `${this.prefix}${routeOptions.routeInfo.method}${routeOptions.routeInfo.url}-`;
      return child;
    }
  }

  return {
    Store: LeasedRedisStore,
    close() {
      clearInterval(sweep);
      leases.clear();
    },
  };
}
