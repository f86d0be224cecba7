import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { circuitBreakerMetrics } from '../src/index.ts';
import { testApp } from './support/test-app.ts';

const { app } = await testApp();

beforeAll(() => app.ready());
afterAll(() => app.close());

async function stateSeries(): Promise<string[]> {
  const res = await app.inject('/metrics');
  return res.body.split('\n').filter((line) => line.startsWith('circuit_breaker_state{'));
}

const series = (circuit: string, state: string, value: number) =>
  `circuit_breaker_state{circuit="${circuit}",state="${state}",service="sample-service"} ${value}`;

describe('circuit_breaker_state', () => {
  it('starts a tracked circuit at closed, with all three series present', async () => {
    circuitBreakerMetrics(app.metrics).track('catalog');
    expect(await stateSeries()).toEqual([
      series('catalog', 'closed', 1),
      series('catalog', 'halfOpen', 0),
      series('catalog', 'open', 0),
    ]);
  });

  it('follows every state change with exactly one state at 1', async () => {
    const metrics = circuitBreakerMetrics(app.metrics);
    metrics.onBreakerStateChange({ circuit: 'catalog', state: 'open' });
    expect(await stateSeries()).toEqual([
      series('catalog', 'closed', 0),
      series('catalog', 'halfOpen', 0),
      series('catalog', 'open', 1),
    ]);
    metrics.onBreakerStateChange({ circuit: 'catalog', state: 'halfOpen' });
    expect(await stateSeries()).toContain(series('catalog', 'halfOpen', 1));
    expect(await stateSeries()).toContain(series('catalog', 'open', 0));
  });

  it('shares one gauge between callers of one registry and forgets circuits on request', async () => {
    const first = circuitBreakerMetrics(app.metrics);
    const second = circuitBreakerMetrics(app.metrics);
    second.track('payments');
    first.onBreakerStateChange({ circuit: 'payments', state: 'open' });
    expect(await stateSeries()).toContain(series('payments', 'open', 1));

    first.forget('payments');
    const left = await stateSeries();
    expect(left.some((line) => line.includes('circuit="payments"'))).toBe(false);
    expect(left.some((line) => line.includes('circuit="catalog"'))).toBe(true);
  });
});
