import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from '../src/backoff.ts';

const backoff = { baseDelayMs: 100, maxDelayMs: 2_000 };

describe('fullJitterDelay', () => {
  it('is 0 when the random source gives its lowest value', () => {
    for (let retry = 0; retry < 8; retry++)
      expect(fullJitterDelay(retry, backoff, () => 0)).toBe(0);
  });

  it('stays within [0, min(cap, base * 2^retry)] at the top of the random range', () => {
    const highest = () => 0.999_999_9;
    const ceilings = [100, 200, 400, 800, 1_600, 2_000, 2_000, 2_000];
    ceilings.forEach((ceiling, retry) => {
      const delay = fullJitterDelay(retry, backoff, highest);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(ceiling);
      expect(delay).toBeGreaterThanOrEqual(ceiling - 1);
    });
  });

  it('spreads delays over the whole window in proportion to the random value', () => {
    expect(fullJitterDelay(2, backoff, () => 0.5)).toBe(200);
    expect(fullJitterDelay(2, backoff, () => 0.25)).toBe(100);
    expect(fullJitterDelay(10, backoff, () => 0.5)).toBe(1_000);
  });

  it('keeps every delay in bounds over many draws of a seeded source', () => {
    let seed = 42;
    // A linear congruential generator: reproducible, yet covers [0, 1) densely.
    const seeded = () => {
      seed = (seed * 1_664_525 + 1_013_904_223) % 2 ** 32;
      return seed / 2 ** 32;
    };
    for (let retry = 0; retry < 12; retry++) {
      const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** retry);
      for (let draw = 0; draw < 200; draw++) {
        const delay = fullJitterDelay(retry, backoff, seeded);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});
