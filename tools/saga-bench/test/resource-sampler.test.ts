import { describe, expect, it } from 'vitest';
import { cpuSecondsBetween, peaksOf, type Sample } from '../src/resource-sampler.ts';

const sample = (entries: [number, string, number, number, number][]): Sample => ({
  processes: new Map(
    entries.map(([pid, component, rssKb, pssKb, cpuTicks]) => [
      pid,
      { component, reading: { rssKb, pssKb, cpuTicks } },
    ]),
  ),
});

describe('peaksOf', () => {
  it('sums each component per sample, and the stack at one instant', () => {
    const peaks = peaksOf([
      sample([
        [1, 'gateway', 100, 80, 0],
        [2, 'postgres', 50, 10, 0],
        [3, 'postgres', 40, 5, 0],
      ]),
      sample([
        [1, 'gateway', 150, 90, 0],
        [2, 'postgres', 30, 10, 0],
      ]),
    ]);
    expect(peaks.samples).toBe(2);
    expect(peaks.components).toEqual([
      { component: 'gateway', firstRssKb: 100, peakRssKb: 150, peakPssKb: 90 },
      { component: 'postgres', firstRssKb: 90, peakRssKb: 90, peakPssKb: 15 },
    ]);
    // 190 then 180: the peak of the sum, not the sum of the peaks (240).
    expect(peaks.peakTotalRssKb).toBe(190);
    expect(peaks.peakTotalPssKb).toBe(100);
  });

  it('is empty without samples', () => {
    expect(peaksOf([])).toEqual({
      samples: 0,
      components: [],
      peakTotalRssKb: 0,
      peakTotalPssKb: 0,
    });
  });
});

describe('cpuSecondsBetween', () => {
  it('adds the ticks used per component; a process that appeared counts from zero', () => {
    const start = sample([
      [1, 'gateway', 0, 0, 1000],
      [2, 'postgres', 0, 0, 500],
    ]);
    const end = sample([
      [1, 'gateway', 0, 0, 1250],
      [2, 'postgres', 0, 0, 600],
      [3, 'postgres', 0, 0, 50],
    ]);
    expect(Object.fromEntries(cpuSecondsBetween(start, end))).toEqual({
      gateway: 2.5,
      postgres: 1.5,
    });
  });
});
