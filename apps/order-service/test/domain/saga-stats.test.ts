import { describe, expect, it } from 'vitest';
import { sagaStatsBuckets } from '../../src/domain/saga-stats.ts';

describe('sagaStatsBuckets', () => {
  const now = new Date('2026-01-01T10:02:30Z');

  it('gives one bucket per minute of the window, the current minute last, zeros where nothing happened', () => {
    const buckets = sagaStatsBuckets(
      [
        {
          minute: new Date('2026-01-01T10:01:00Z'),
          confirmed: 3,
          cancelled: 1,
          pending: 0,
          p50Ms: 120,
          p95Ms: 300,
        },
      ],
      3,
      now,
    );
    expect(buckets.map((bucket) => bucket.start)).toEqual([
      '2026-01-01T10:00:00.000Z',
      '2026-01-01T10:01:00.000Z',
      '2026-01-01T10:02:00.000Z',
    ]);
    expect(buckets[0]).toEqual({
      start: '2026-01-01T10:00:00.000Z',
      confirmed: 0,
      cancelled: 0,
      pending: 0,
      p50Ms: null,
      p95Ms: null,
    });
    expect(buckets[1]).toMatchObject({ confirmed: 3, cancelled: 1, p50Ms: 120, p95Ms: 300 });
  });

  it('leaves out rows older than the window', () => {
    const old = {
      minute: new Date('2026-01-01T09:00:00Z'),
      confirmed: 9,
      cancelled: 0,
      pending: 0,
      p50Ms: 1,
      p95Ms: 1,
    };
    const buckets = sagaStatsBuckets([old], 2, now);
    expect(buckets.reduce((sum, bucket) => sum + bucket.confirmed, 0)).toBe(0);
  });
});
