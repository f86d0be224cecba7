import { describe, expect, it } from 'vitest';
import { createBalancer, leastOutstanding, roundRobin } from '../src/upstreams/balancers.ts';

const instances = (...outstanding: number[]) =>
  outstanding.map((n, id) => ({ id, outstanding: n }));

describe('round robin', () => {
  it('takes each candidate in turn', () => {
    const pick = roundRobin();
    const candidates = instances(0, 0, 0);
    expect(Array.from({ length: 6 }, () => pick(candidates)?.id)).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('has nothing to pick from an empty list', () => {
    expect(roundRobin()([])).toBeUndefined();
  });

  it('keeps going when the candidates change', () => {
    const pick = roundRobin();
    pick(instances(0, 0, 0));
    expect(pick(instances(0))?.id).toBe(0);
    expect([0, 1]).toContain(pick(instances(0, 0))?.id);
  });
});

describe('least outstanding', () => {
  it('picks the candidate with the fewest requests in flight', () => {
    const pick = leastOutstanding();
    for (let i = 0; i < 5; i++) expect(pick(instances(4, 1, 3))?.id).toBe(1);
  });

  it('shares ties instead of always taking the first', () => {
    const pick = leastOutstanding();
    const picked = new Set(Array.from({ length: 6 }, () => pick(instances(2, 0, 0))?.id));
    expect(picked).toEqual(new Set([1, 2]));
  });

  it('has nothing to pick from an empty list', () => {
    expect(leastOutstanding()([])).toBeUndefined();
  });
});

it('creates the configured strategy', () => {
  const pick = createBalancer('least-outstanding');
  expect(pick(instances(3, 0))?.id).toBe(1);
  const turn = createBalancer('round-robin');
  expect([turn(instances(3, 0))?.id, turn(instances(3, 0))?.id]).toEqual([0, 1]);
});
