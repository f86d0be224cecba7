import { describe, expect, it } from 'vitest';
import { defaultOptions, parseOptions } from '../src/options.ts';

describe('parseOptions', () => {
  it('uses the defaults without arguments', () => {
    expect(parseOptions([])).toEqual(defaultOptions);
    expect(defaultOptions).toMatchObject({ orders: 3000, concurrency: 32, warmup: 200 });
  });

  it('reads --name value and --name=value', () => {
    expect(parseOptions(['--orders', '500', '--concurrency=8'])).toMatchObject({
      orders: 500,
      concurrency: 8,
    });
    expect(
      parseOptions(['--payment-latency-ms', '0', '--drain-timeout-s', '30', '--rate', '15']),
    ).toMatchObject({
      rate: 15,
      paymentLatencyMs: 0,
      drainTimeoutSeconds: 30,
    });
  });

  it('refuses non-integers, values below the minimum and unknown flags', () => {
    expect(() => parseOptions(['--orders', '0'])).toThrow('--orders must be an integer >= 1');
    expect(() => parseOptions(['--concurrency', '2.5'])).toThrow('--concurrency');
    expect(() => parseOptions(['--warmup', 'many'])).toThrow('--warmup');
    expect(() => parseOptions(['--products', '1'])).toThrow('--products must be at least 2');
    expect(() => parseOptions(['--speed', '9'])).toThrow();
  });
});
