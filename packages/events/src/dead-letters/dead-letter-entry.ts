import type { OutgoingRecord } from '../kafka/message.ts';

/** A dead-lettered message as the operations console lists it. */
export interface DeadLetterEntry {
  /** `<dead-letter topic>~<partition>~<offset>`: where it sits, unique in the cluster. */
  id: string;
  topic: string;
  partition: number;
  offset: string;
  originalTopic: string;
  key: string | null;
  reason: string;
  error: string;
  consumer: string;
  attempts: number;
  failedAt: string;
  eventId: string | null;
  eventType: string | null;
  /** The message's value as text (the event's JSON, or whatever could not be parsed). */
  value: string | null;
  /** The dead letter this one is a failed replay of, if any. */
  replayOf: string | null;
  /** When it was put back on its topic, as far as this instance knows. */
  replayedAt: string | null;
}

export interface RawDeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

export const replayOfHeader = 'dlq_replay_of';
export const replayedByHeader = 'dlq_replayed_by';

const maxValueLength = 8_000;

function header(raw: RawDeadLetter, name: string): string | undefined {
  const value = raw.headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.map(String).join(',') : value).toString();
}

export const deadLetterId = (topic: string, partition: number, offset: string) =>
  `${topic}~${partition}~${offset}`;

/** The entry of a message read from a dead-letter topic, from the headers the consumer wrote. */
export function deadLetterEntry(raw: RawDeadLetter): DeadLetterEntry {
  const text = raw.value?.toString('utf8') ?? null;
  let event: { id?: unknown; type?: unknown } = {};
  try {
    event = text ? (JSON.parse(text) as typeof event) : {};
  } catch {
    // An unparseable message is listed as it is.
  }
  return {
    id: deadLetterId(raw.topic, raw.partition, raw.offset),
    topic: raw.topic,
    partition: raw.partition,
    offset: raw.offset,
    originalTopic: header(raw, 'dlq_original_topic') ?? raw.topic.replace(/\.dlq$/, ''),
    key: raw.key?.toString('utf8') ?? null,
    reason: header(raw, 'dlq_reason') ?? 'unknown',
    error: header(raw, 'dlq_error') ?? '',
    consumer: header(raw, 'dlq_consumer') ?? 'unknown',
    attempts: Number(header(raw, 'dlq_attempts') ?? 0),
    failedAt: header(raw, 'dlq_failed_at') ?? new Date(0).toISOString(),
    eventId: typeof event.id === 'string' ? event.id : (header(raw, 'ce_id') ?? null),
    eventType: typeof event.type === 'string' ? event.type : (header(raw, 'ce_type') ?? null),
    value: text === null ? null : text.slice(0, maxValueLength),
    replayOf: header(raw, replayOfHeader) ?? null,
    replayedAt: null,
  };
}

/**
 * The message to put back on the original topic: the same key and value (the same event id,
 * so consumers that did handle it skip it through their inbox), the original headers (trace
 * context among them) without the dead-letter ones, and who replayed which dead letter.
 */
export function replayRecord(
  raw: RawDeadLetter,
  entry: DeadLetterEntry,
  actor: string,
): OutgoingRecord {
  const headers: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(raw.headers)) {
    if (value === undefined || name.startsWith('dlq_')) continue;
    headers[name] = Array.isArray(value) ? value.map(String).join(',') : value;
  }
  return {
    topic: entry.originalTopic,
    key: entry.key,
    value: raw.value,
    headers: { ...headers, [replayOfHeader]: entry.id, [replayedByHeader]: actor },
  };
}
