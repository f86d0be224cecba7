import { describe, expect, it, vi } from 'vitest';
import { bulkhead } from '../src/bulkhead.ts';
import { BulkheadRejectedError } from '../src/errors.ts';
import { deferred } from './deferred.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('bulkhead', () => {
  it('runs up to maxConcurrent, queues up to maxQueue and rejects beyond that', async () => {
    const rejected: string[] = [];
    const policy = bulkhead({
      maxConcurrent: 2,
      maxQueue: 1,
      hooks: { onRejected: ({ source, error }) => rejected.push(`${source}:${error.name}`) },
    });
    const gates = [deferred<number>(), deferred<number>(), deferred<number>()];
    const started: number[] = [];
    const run = (index: number) =>
      policy.execute(() => {
        started.push(index);
        return (gates[index] as (typeof gates)[number]).promise;
      });

    const results = [run(0), run(1), run(2)];
    await tick();
    expect(started).toEqual([0, 1]);
    expect({ active: policy.active, queued: policy.queued }).toEqual({ active: 2, queued: 1 });

    const overflow = vi.fn(async () => 'never');
    const rejection = policy.execute(overflow);
    await expect(rejection).rejects.toBeInstanceOf(BulkheadRejectedError);
    await expect(rejection).rejects.toMatchObject({
      name: 'BulkheadRejectedError',
      maxConcurrent: 2,
      maxQueue: 1,
    });
    expect(overflow).not.toHaveBeenCalled();
    expect(rejected).toEqual(['bulkhead:BulkheadRejectedError']);

    gates[0]?.resolve(0);
    await tick();
    expect(started).toEqual([0, 1, 2]);
    expect({ active: policy.active, queued: policy.queued }).toEqual({ active: 2, queued: 0 });

    gates[1]?.reject(new Error('failed call still frees its slot'));
    gates[2]?.resolve(2);
    await expect(results[0]).resolves.toBe(0);
    await expect(results[1]).rejects.toThrow('failed call still frees its slot');
    await expect(results[2]).resolves.toBe(2);
    expect({ active: policy.active, queued: policy.queued }).toEqual({ active: 0, queued: 0 });
  });

  it('drains its queue first in, first out', async () => {
    const policy = bulkhead({ maxConcurrent: 1, maxQueue: 3 });
    const order: string[] = [];
    const first = deferred();
    const running = policy.execute(async () => {
      await first.promise;
      order.push('first');
    });
    const queued = ['a', 'b', 'c'].map((name) =>
      policy.execute(async () => {
        order.push(name);
      }),
    );
    expect(policy.queued).toBe(3);
    first.resolve();
    await Promise.all([running, ...queued]);
    expect(order).toEqual(['first', 'a', 'b', 'c']);
    expect(policy.active).toBe(0);
  });

  it('rejects at once without a queue when every slot is busy', async () => {
    const policy = bulkhead({ maxConcurrent: 1 });
    const gate = deferred();
    const running = policy.execute(() => gate.promise);
    await expect(policy.execute(async () => {})).rejects.toBeInstanceOf(BulkheadRejectedError);
    gate.resolve();
    await running;
    await expect(policy.execute(async () => 'free again')).resolves.toBe('free again');
  });

  it('removes a waiter whose caller aborts', async () => {
    const policy = bulkhead({ maxConcurrent: 1, maxQueue: 1 });
    const gate = deferred();
    const running = policy.execute(() => gate.promise);
    const caller = new AbortController();
    const waiting = vi.fn(async () => 'never');
    const result = policy.execute(waiting, { signal: caller.signal });
    expect(policy.queued).toBe(1);

    caller.abort(new Error('gave up waiting'));
    await expect(result).rejects.toThrow('gave up waiting');
    expect(policy.queued).toBe(0);

    gate.resolve();
    await running;
    expect(waiting).not.toHaveBeenCalled();
    expect(policy.active).toBe(0);
  });
});
