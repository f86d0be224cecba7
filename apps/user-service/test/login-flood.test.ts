import { describe, expect, it } from 'vitest';
import { userServiceTestbed } from './support.ts';

// At OWASP's scrypt cost (17: 128 MiB per hash), as in production, with the default bulkhead.
const maxConcurrent = 2;
const maxQueue = 8;
const testbed = await userServiceTestbed();
const app = await testbed.app({
  PASSWORD_HASH_COST: '17',
  PASSWORD_HASH_CONCURRENCY: String(maxConcurrent),
  PASSWORD_HASH_QUEUE: String(maxQueue),
  LOGIN_MAX_FAILURES: '1000',
});
const mib = 1024 * 1024;
const account = { email: 'flood@example.test', password: 'flood test password 1' };

describe('a login flood', () => {
  it('hashes at most the bulkhead at once, refuses the rest with 503 + Retry-After, and other routes answer meanwhile', async () => {
    const registered = await app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: account,
    });
    expect(registered.statusCode).toBe(201);

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    let answered = 0;
    const flood = Array.from({ length: 40 }, async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: account,
      });
      answered += 1;
      return response;
    });
    // Another route while the hashes run: it is answered before the flood is over.
    const started = performance.now();
    const keys = await app.inject({ url: '/.well-known/jwks.json' });
    const keysMs = performance.now() - started;
    const answeredBeforeKeys = answered;
    const responses = await Promise.all(flood);
    clearInterval(sampler);

    expect(keys.statusCode).toBe(200);
    const ok = responses.filter((r) => r.statusCode === 200);
    const refused = responses.filter((r) => r.statusCode === 503);
    expect(ok.length + refused.length).toBe(40);
    // The first requests take every slot and queue place; the others are refused at once.
    expect(ok).toHaveLength(maxConcurrent + maxQueue);
    for (const response of refused) {
      expect(response.headers['retry-after']).toBe('1');
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect(answeredBeforeKeys).toBeLessThan(40);
    const growth = (peak - baseline) / mib;
    console.log(
      `login flood: 40 logins, ${ok.length} hashed (${maxConcurrent} at a time), ` +
        `${refused.length} refused; RSS +${growth.toFixed(0)} MiB at peak; ` +
        `jwks answered in ${keysMs.toFixed(0)} ms with ${answeredBeforeKeys} logins answered`,
    );
    // Each running hash holds 128 MiB; 40 unbounded hashes on 4 libuv threads held over 512.
    expect(growth).toBeLessThan((maxConcurrent + 1) * 128);
  });
});
