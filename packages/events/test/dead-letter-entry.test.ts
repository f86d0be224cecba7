import { describe, expect, it } from 'vitest';
import {
  deadLetterEntry,
  type RawDeadLetter,
  replayRecord,
} from '../src/dead-letters/dead-letter-entry.ts';

const event = { id: 'evt-1', type: 'order.confirmed.v1', data: {} };
const raw: RawDeadLetter = {
  topic: 't1.order.confirmed.v1.dlq',
  partition: 2,
  offset: '41',
  key: Buffer.from('order-7'),
  value: Buffer.from(JSON.stringify(event)),
  headers: {
    traceparent: Buffer.from('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
    dlq_reason: Buffer.from('failed'),
    dlq_error: Buffer.from('stock row locked'),
    dlq_consumer: Buffer.from('inventory-service'),
    dlq_original_topic: Buffer.from('t1.order.confirmed.v1'),
    dlq_original_partition: Buffer.from('2'),
    dlq_original_offset: Buffer.from('17'),
    dlq_attempts: Buffer.from('4'),
    dlq_failed_at: Buffer.from('2026-01-01T10:00:00.000Z'),
  },
};

describe('deadLetterEntry', () => {
  it('reads where a dead letter came from and why, from the headers the consumer wrote', () => {
    expect(deadLetterEntry(raw)).toEqual({
      id: 't1.order.confirmed.v1.dlq~2~41',
      topic: 't1.order.confirmed.v1.dlq',
      partition: 2,
      offset: '41',
      originalTopic: 't1.order.confirmed.v1',
      key: 'order-7',
      reason: 'failed',
      error: 'stock row locked',
      consumer: 'inventory-service',
      attempts: 4,
      failedAt: '2026-01-01T10:00:00.000Z',
      eventId: 'evt-1',
      eventType: 'order.confirmed.v1',
      value: JSON.stringify(event),
      replayOf: null,
      replayedAt: null,
    });
  });

  it('lists a message that is not JSON as it is', () => {
    const entry = deadLetterEntry({
      ...raw,
      value: Buffer.from('not json'),
      headers: { dlq_reason: 'unparseable' },
    });
    expect(entry).toMatchObject({
      reason: 'unparseable',
      eventId: null,
      value: 'not json',
      originalTopic: 't1.order.confirmed.v1',
    });
  });
});

describe('replayRecord', () => {
  it('puts the same key and value back on the original topic, without the dead-letter headers', () => {
    const record = replayRecord(raw, deadLetterEntry(raw), 'admin-1');
    expect(record.topic).toBe('t1.order.confirmed.v1');
    expect(record.key).toBe('order-7');
    expect(record.value).toEqual(raw.value);
    expect(Object.keys(record.headers).sort()).toEqual([
      'dlq_replay_of',
      'dlq_replayed_by',
      'traceparent',
    ]);
    expect(record.headers.dlq_replay_of).toBe('t1.order.confirmed.v1.dlq~2~41');
    expect(record.headers.dlq_replayed_by).toBe('admin-1');
  });

  it('marks a failed replay with the dead letter it came from', () => {
    const again = deadLetterEntry({
      ...raw,
      offset: '42',
      headers: { ...raw.headers, dlq_replay_of: Buffer.from('t1.order.confirmed.v1.dlq~2~41') },
    });
    expect(again.replayOf).toBe('t1.order.confirmed.v1.dlq~2~41');
  });
});
