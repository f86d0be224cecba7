import type { Notification, Pool, PoolClient } from 'pg';
import { type BackoffOptions, backoffDelay } from '../backoff.ts';
import type { OutgoingRecord } from '../kafka/message.ts';
import type { EventProducer } from '../kafka/producer.ts';
import { type TopicName, unprefixedTopic } from '../topics.ts';
import { OUTBOX_CHANNEL } from './enqueue.ts';
import { publishableInOrder, roundsPerKey, type SequencedRow } from './ordering.ts';

/** An outbox row as the relay reads it. */
export interface OutboxRow {
  id: string;
  sequence: string;
  topic: string;
  key: string;
  type: string;
  /** The envelope as JSON text, sent byte for byte. */
  payload: string;
  headers: Record<string, string>;
}

export interface OutboxRelayOptions {
  /** Pool of the service's role (search_path = its schema). The relay holds one connection
   * for LISTEN and borrows one per batch. */
  pool: Pool;
  producer: EventProducer;
  topicName?: TopicName;
  /** Rows locked and published per transaction. */
  batchSize?: number;
  /** Look for work this often even without a notification (one may be lost on reconnect). */
  pollIntervalMs?: number;
  /** Delays between attempts after Kafka or Postgres failed. */
  retry?: Partial<BackoffOptions>;
  /** Events acknowledged by Kafka and marked published, per batch. */
  onPublished?(count: number): void;
  /** Unpublished rows left, counted at most every `backlogIntervalMs` (a query of its own). */
  onBacklog?(size: number): void;
  /** How often the backlog is counted for `onBacklog` (default 1 s). */
  backlogIntervalMs?: number;
  /** A failed batch or lost connection; the relay carries on after a backoff. */
  onError?(error: unknown): void;
  /**
   * Runs after Kafka acknowledged a batch and before it is marked published. A failure here
   * rolls the marking back, exactly like a crash at that moment: the events are sent again.
   */
  afterSend?(rows: readonly OutboxRow[]): void | Promise<void>;
}

export interface OutboxRelay {
  start(): Promise<void>;
  /** Finishes the batch in progress, stops listening and returns its connection. */
  stop(): Promise<void>;
}

// One statement locks a batch and, for each locked row, finds the earliest unpublished row of
// its key that this relay did not lock (held by another relay, or beyond the batch): such a row
// must be published first. Ordered by the bigint column, qualified: a bare `sequence` would mean
// the text alias.
const SELECT_BATCH = `
  WITH locked AS (
    SELECT id, sequence, topic, key, type, payload, headers
    FROM outbox_events
    WHERE published_at IS NULL
    ORDER BY outbox_events.sequence
    LIMIT $1
    FOR UPDATE SKIP LOCKED)
  SELECT l.id, l.sequence::text AS sequence, l.topic, l.key, l.type, l.payload::text AS payload,
         l.headers,
         (SELECT min(o.sequence)::text FROM outbox_events o
          WHERE o.published_at IS NULL AND o.key = l.key AND o.sequence < l.sequence
            AND o.id NOT IN (SELECT id FROM locked)) AS held_before
  FROM locked l
  ORDER BY l.sequence`;

/** Each locked row and the earliest row of its key held elsewhere, in sequence order. */
function unpublishedOfLockedKeys(rows: readonly (OutboxRow & { held_before: string | null })[]) {
  const unpublished: SequencedRow[] = rows.map(({ key, sequence }) => ({ key, sequence }));
  for (const row of rows) {
    if (row.held_before !== null) unpublished.push({ key: row.key, sequence: row.held_before });
  }
  return unpublished.sort((a, b) => {
    const [x, y] = [BigInt(a.sequence), BigInt(b.sequence)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * Publishes committed outbox rows to Kafka and marks them published. At least once: a crash
 * between Kafka's acknowledgement and the marking sends those events again, and consumers'
 * inboxes absorb the duplicates. Safe to run in several instances at once.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { pool, producer } = options;
  const topicName = options.topicName ?? unprefixedTopic;
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const backlogIntervalMs = options.backlogIntervalMs ?? 1_000;
  const retry: BackoffOptions = {
    initialDelayMs: options.retry?.initialDelayMs ?? 100,
    maxDelayMs: options.retry?.maxDelayMs ?? 10_000,
  };
  const reportError = (error: unknown) => options.onError?.(error);

  let stopping = false;
  let schema = '';
  let notified = false;
  let running: Promise<void> | undefined;
  let listening: Promise<void> | undefined;
  let stopListening: () => void = () => {};
  const waiters = new Set<{ wakeOnNotify: boolean; wake: () => void }>();

  function notify() {
    notified = true;
    for (const waiter of waiters) if (waiter.wakeOnNotify) waiter.wake();
  }

  /** Waits `ms`; a stop ends the wait, and so does a notification when `wakeOnNotify`. */
  function pause(ms: number, wakeOnNotify: boolean): Promise<void> {
    if (stopping || (wakeOnNotify && notified)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        wakeOnNotify,
        wake() {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, ms);
      waiters.add(waiter);
    });
  }

  async function listen(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      let client: PoolClient | undefined;
      try {
        client = await pool.connect();
        const lost = new Promise<unknown>((resolve) => {
          client?.on('error', resolve);
          client?.on('end', () => resolve(new Error('LISTEN connection ended')));
          stopListening = () => resolve(undefined);
          if (stopping) resolve(undefined);
        });
        client.on('notification', (message: Notification) => {
          if (message.channel === OUTBOX_CHANNEL && message.payload === schema) notify();
        });
        await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
        failures = 0;
        // Rows committed while nobody listened have sent their notification into the void.
        notify();
        const error = await lost;
        if (error) throw error;
      } catch (error) {
        if (!stopping) reportError(error);
        failures += 1;
      } finally {
        // Never hand a listening connection back to the pool: destroy it.
        client?.release(true);
      }
      if (!stopping) await pause(backoffDelay(failures, retry), false);
    }
  }
  function toRecord(row: OutboxRow): OutgoingRecord {
    return { topic: topicName(row.topic), key: row.key, value: row.payload, headers: row.headers };
  }

  async function publishBatch(): Promise<{ locked: number; published: number }> {
    notified = false;
    const client = await pool.connect();
    const onConnectionError = (error: unknown) => reportError(error);
    client.on('error', onConnectionError);
    let healthy = false;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow & { held_before: string | null }>(
        SELECT_BATCH,
        [batchSize],
      );
      const last = rows.at(-1);
      if (!last) {
        await client.query('COMMIT');
        healthy = true;
        return { locked: 0, published: 0 };
      }
      const publishable = publishableInOrder(rows, unpublishedOfLockedKeys(rows));

      const sent: OutboxRow[] = [];
      let failure: unknown;
      for (const round of roundsPerKey(publishable)) {
        try {
          await producer.send(round.map(toRecord));
          sent.push(...round);
        } catch (error) {
          failure = error;
          break;
        }
      }
      if (!failure) await options.afterSend?.(sent);

      if (sent.length > 0) {
        await client.query(
          `UPDATE outbox_events SET published_at = now(), attempts = attempts + 1, last_error = NULL
           WHERE id = ANY($1::uuid[])`,
          [sent.map((row) => row.id)],
        );
      }
      const unsent = publishable.slice(sent.length);
      if (failure && unsent.length > 0) {
        await client.query(
          `UPDATE outbox_events SET attempts = attempts + 1, last_error = $2
           WHERE id = ANY($1::uuid[])`,
          [unsent.map((row) => row.id), String((failure as Error).message ?? failure)],
        );
      }
      await client.query('COMMIT');
      healthy = true;
      if (failure) throw failure;
      return { locked: rows.length, published: sent.length };
    } catch (error) {
      if (!healthy) await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.off('error', onConnectionError);
      // A connection that failed mid-transaction is not trusted again.
      client.release(!healthy);
    }
  }

  async function backlog(): Promise<number> {
    const { rows } = await pool.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM outbox_events WHERE published_at IS NULL',
    );
    return rows[0]?.count ?? 0;
  }

  // A count after every batch would be a query and a transaction per batch, for a gauge.
  let backlogCountedAt = Number.NEGATIVE_INFINITY;
  async function reportBacklog(): Promise<void> {
    if (!options.onBacklog || performance.now() - backlogCountedAt < backlogIntervalMs) return;
    backlogCountedAt = performance.now();
    options.onBacklog(await backlog());
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      let result: { locked: number; published: number };
      try {
        result = await publishBatch();
        failures = 0;
        if (result.published > 0) options.onPublished?.(result.published);
        await reportBacklog();
      } catch (error) {
        failures += 1;
        reportError(error);
        await pause(backoffDelay(failures, retry), false);
        continue;
      }
      // A full batch, all of it sent: more is probably waiting.
      if (result.locked === batchSize && result.published === result.locked) continue;
      await pause(pollIntervalMs, true);
    }
  }

  const onIdleConnectionError = (error: unknown) => reportError(error);

  return {
    async start() {
      if (running) return;
      const { rows } = await pool.query<{ schema: string }>('SELECT current_schema() AS schema');
      schema = rows[0]?.schema ?? '';
      // A pooled idle connection that dies (server restart, terminated backend) is dropped by
      // the pool; without a listener its error event would end the process.
      pool.on('error', onIdleConnectionError);
      listening = listen();
      running = run();
    },
    async stop() {
      stopping = true;
      for (const waiter of waiters) waiter.wake();
      stopListening();
      await Promise.all([running, listening]);
      pool.off('error', onIdleConnectionError);
    },
  };
}
