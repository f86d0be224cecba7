import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/backoff.ts';
import { publishableInOrder, roundsPerKey } from '../src/outbox/ordering.ts';

const row = (key: string, sequence: number) => ({ key, sequence: String(sequence) });

describe('publishableInOrder', () => {
  it('publishes every locked row when nothing earlier is held elsewhere', () => {
    const locked = [row('a', 1), row('b', 2), row('a', 3)];
    expect(publishableInOrder(locked, locked)).toEqual(locked);
  });

  it('holds back a key whose earlier event another relay has locked', () => {
    // a#1 is locked by another relay; this one locked a#3 and b#2.
    const locked = [row('b', 2), row('a', 3)];
    const unpublished = [row('a', 1), row('b', 2), row('a', 3)];
    expect(publishableInOrder(locked, unpublished)).toEqual([row('b', 2)]);
  });

  it('stops a key at the first gap even when later rows are locked here', () => {
    const locked = [row('a', 1), row('a', 3), row('a', 4)];
    const unpublished = [row('a', 1), row('a', 2), row('a', 3), row('a', 4)];
    expect(publishableInOrder(locked, unpublished)).toEqual([row('a', 1)]);
  });
});

describe('roundsPerKey', () => {
  it('puts each key at most once in a round, keeping its order across rounds', () => {
    const rows = [row('a', 1), row('a', 2), row('b', 3), row('a', 4), row('c', 5)];
    expect(roundsPerKey(rows)).toEqual([
      [row('a', 1), row('b', 3), row('c', 5)],
      [row('a', 2)],
      [row('a', 4)],
    ]);
  });
});

describe('backoffDelay', () => {
  const options = { initialDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles per retry between half and all of the ceiling, capped', () => {
    expect(backoffDelay(1, options, () => 0)).toBe(50);
    expect(backoffDelay(1, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 1)).toBe(400);
    expect(backoffDelay(10, options, () => 1)).toBe(1_000);
    expect(backoffDelay(10, options, () => 0)).toBe(500);
  });
});
