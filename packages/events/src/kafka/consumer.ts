import { type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import { type BackoffOptions, backoffDelay } from '../backoff.ts';
import type { EventContract } from '../contracts/define-contract.ts';
import type { EventEnvelope, EventOf } from '../envelope.ts';
import { recordBatchInInbox, recordInInbox } from '../inbox/inbox.ts';
import type { TransactionClient } from '../sql-client.ts';
import { deadLetterTopic, type TopicName, unprefixedTopic } from '../topics.ts';
import { eventsTracer, extractTraceContext } from '../tracing.ts';
import { EventValidationError, validateEnvelope } from '../validation.ts';
import { createKafkaClient, type KafkaSettings } from './client.ts';
import { createEventProducer, type EventProducer } from './producer.ts';

/** Thrown by a handler for a failure that retrying cannot fix: the event goes to the DLQ now. */
export class NonRetryableEventError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NonRetryableEventError';
  }
}

export interface DeliveredMessage {
  topic: string;
  partition: number;
  offset: string;
  /** 1 for the first attempt at this delivery; retries count up. */
  attempt: number;
}

export type EventHandler<C extends EventContract, Tx> = (
  event: EventOf<C>,
  tx: Tx,
  message: DeliveredMessage,
) => Promise<void>;

/** Runs `fn` in one database transaction: commits when it resolves, rolls back when it throws. */
export type TransactionRunner<Tx> = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/** Why a message went to the dead-letter topic. */
export type DeadLetterReason = 'unparseable' | 'invalid' | 'failed';

export interface EventConsumerOptions<Tx extends TransactionClient> {
  kafka: KafkaSettings;
  groupId: string;
  /** Name under which handled events are recorded in the inbox; the group id by default. */
  name?: string;
  /**
   * Runs a function in one database transaction, e.g. `(fn) => prisma.$transaction(fn)` or
   * `pgTransaction(pool)`. The inbox row and the handler's effects commit together.
   */
  transaction: TransactionRunner<Tx>;
  topicName?: TopicName;
  /** Attempts at a failing handler before its event is dead-lettered (default 4). */
  maxAttempts?: number;
  retry?: Partial<BackoffOptions>;
  /**
   * Partitions handled in parallel (default 6); each partition is always handled in order, so
   * one order's events on one topic stay in order. A service consumes several topics of 3
   * partitions each: one at a time would queue every order behind every other. Handlers must
   * tolerate two events of one order (on different topics) at once; the saga's lock the order.
   */
  partitionsConsumedConcurrently?: number;
  /**
   * Events of one partition handled in one database transaction (default 20): one inbox
   * statement for all of them, one commit, the offset committed after it. Consecutive events
   * only, in offset order; a batch is what Kafka has delivered, so under light load it is one
   * event. When any event of a batch fails, none of the batch is kept and each event is handled
   * again in its own transaction, with its retries and the DLQ. 1 = a transaction per event.
   * The bound keeps a transaction short while a backlog drains: it holds a pooled connection
   * and row locks that HTTP requests of the same service may be waiting for.
   */
  maxBatchSize?: number;
  /** A new group starts at the earliest offset (default), so no event before it is missed. */
  fromBeginning?: boolean;
  onHandled?(event: EventEnvelope, durationMs: number): void;
  /** An event already in the inbox arrived again and was skipped. */
  onDuplicate?(event: EventEnvelope): void;
  /** A batch's transaction failed; its events are handled again one transaction each. */
  onBatchFallback?(error: unknown, events: number): void;
  onRetry?(error: unknown, attempt: number, message: DeliveredMessage): void;
  onDeadLetter?(reason: DeadLetterReason, error: unknown, message: DeliveredMessage): void;
  /**
   * The Kafka client gave up on an error it does not restart from by itself (a coordinator
   * not found after a broker restart, say); the consumer starts again after `restartInMs`.
   */
  onCrash?(error: unknown, restartInMs: number): void;
  /**
   * How long the group waits for a silent member before handing its partitions to the others
   * (default 10 s, as Kafka's own clients had it): after a crash or a broker restart, the
   * group cannot settle sooner.
   */
  sessionTimeoutMs?: number;
}

export interface EventConsumer<Tx extends TransactionClient> {
  /** Registers the handler of one contract; call before `start`. */
  on<C extends EventContract>(contract: C, handler: EventHandler<C, Tx>): EventConsumer<Tx>;
  /** The topics subscribed to, as named in Kafka (prefix included): one per registered handler. */
  readonly topics: readonly string[];
  start(): Promise<void>;
  /** Lets the message in hand finish, commits offsets, leaves the group. */
  stop(): Promise<void>;
}

/** One message of a fetched batch, with what handling it needs from the batch. */
interface Delivery {
  topic: string;
  partition: number;
  message: KafkaMessage;
  heartbeat: () => Promise<void>;
}

interface Route {
  contract: EventContract;
  handler: EventHandler<EventContract, never>;
}

class DeadLetter extends Error {
  readonly reason: DeadLetterReason;
  constructor(reason: DeadLetterReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

function parseEnvelope(contract: EventContract, value: Buffer | null): EventEnvelope {
  if (value === null) throw new DeadLetter('unparseable', 'message has no value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new DeadLetter('unparseable', `value is not JSON: ${(error as Error).message}`);
  }
  const problems = validateEnvelope(contract, parsed);
  if (problems.length > 0) {
    const invalid = new EventValidationError(contract.type, problems);
    throw new DeadLetter('invalid', invalid.message, { cause: invalid });
  }
  return parsed as EventEnvelope;
}

function deadLetterHeaders(
  headers: IHeaders | undefined,
  extra: Record<string, string>,
): Record<string, string | Buffer> {
  const copied: Record<string, string | Buffer> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    copied[key] = Array.isArray(value) ? value.map(String).join(',') : value;
  }
  return { ...copied, ...extra };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Consumes events at least once and, through the inbox, applies each effectively once. Each
 * message is validated against its contract; a handler runs in a transaction that also records
 * the event in the inbox. Failures are retried in process with backoff a bounded number of
 * times, then the message goes to `<topic>.dlq` with the error in its headers. Unparseable and
 * schema-invalid messages go there at once. The offset is committed only after the message was
 * handled or dead-lettered, and the partition never stalls on one message.
 */
export function createEventConsumer<Tx extends TransactionClient>(
  options: EventConsumerOptions<Tx>,
): EventConsumer<Tx> {
  const topicName = options.topicName ?? unprefixedTopic;
  const consumerName = options.name ?? options.groupId;
  const maxAttempts = options.maxAttempts ?? 4;
  const maxBatchSize = Math.max(1, options.maxBatchSize ?? 20);
  const retry: BackoffOptions = {
    initialDelayMs: options.retry?.initialDelayMs ?? 200,
    maxDelayMs: options.retry?.maxDelayMs ?? 5_000,
  };
  const routes = new Map<string, Route>();
  let consumer: Consumer | undefined;
  let deadLetters: EventProducer | undefined;

  async function handleWithRetries(
    route: Route,
    event: EventEnvelope,
    delivered: Omit<DeliveredMessage, 'attempt'>,
    heartbeat: () => Promise<void>,
  ): Promise<{ attempts: number; error?: unknown }> {
    for (let attempt = 1; ; attempt += 1) {
      const message = { ...delivered, attempt };
      try {
        const started = performance.now();
        let duplicate = false;
        await options.transaction(async (tx) => {
          if (!(await recordInInbox(tx, consumerName, event.id))) {
            duplicate = true;
            return;
          }
          await (route.handler as EventHandler<EventContract, Tx>)(event, tx, message);
        });
        if (duplicate) options.onDuplicate?.(event);
        else options.onHandled?.(event, performance.now() - started);
        return { attempts: attempt };
      } catch (error) {
        const retryable = !(
          error instanceof NonRetryableEventError || error instanceof EventValidationError
        );
        if (!retryable || attempt >= maxAttempts) return { attempts: attempt, error };
        options.onRetry?.(error, attempt, message);
        await sleep(backoffDelay(attempt, retry));
        await heartbeat();
      }
    }
  }

  async function deadLetter(
    payload: Delivery,
    route: Route,
    reason: DeadLetterReason,
    error: unknown,
    attempts: number,
  ) {
    const { topic, partition, message } = payload;
    const text = error instanceof Error ? error.message : String(error);
    if (!deadLetters) throw new Error('the consumer is not running');
    await deadLetters.send([
      {
        topic: topicName(deadLetterTopic(route.contract.topic)),
        key: message.key?.toString('utf8') ?? null,
        value: message.value,
        headers: deadLetterHeaders(message.headers, {
          dlq_reason: reason,
          dlq_error: text.slice(0, 2_000),
          dlq_consumer: consumerName,
          dlq_original_topic: topic,
          dlq_original_partition: String(partition),
          dlq_original_offset: message.offset,
          dlq_attempts: String(attempts),
          dlq_failed_at: new Date().toISOString(),
        }),
      },
    ]);
    options.onDeadLetter?.(reason, error, {
      topic,
      partition,
      offset: message.offset,
      attempt: attempts,
    });
  }

  /** One event in its own transaction, retried, dead-lettered when it keeps failing. */
  async function processEvent(
    payload: Delivery,
    route: Route,
    event: EventEnvelope,
    span: Span,
  ): Promise<void> {
    const { topic, partition, message, heartbeat } = payload;
    span.setAttribute('messaging.message.id', event.id);
    const outcome = await handleWithRetries(
      route,
      event,
      { topic, partition, offset: message.offset },
      heartbeat,
    );
    if ('error' in outcome) {
      span.recordException(outcome.error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (outcome.error as Error).message });
      await deadLetter(payload, route, 'failed', outcome.error, outcome.attempts);
    }
  }

  /** Runs `fn` in the consumer span of one message, under the trace context it carries. */
  const inMessageSpan = <T>(payload: Delivery, fn: (span: Span) => Promise<T>): Promise<T> =>
    eventsTracer().startActiveSpan(
      `${payload.topic} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': payload.topic,
          'messaging.destination.partition.id': String(payload.partition),
          'messaging.kafka.offset': Number(payload.message.offset),
          'messaging.consumer.group.name': options.groupId,
        },
      },
      extractTraceContext(payload.message.headers),
      async (span) => {
        try {
          return await fn(span);
        } finally {
          span.end();
        }
      },
    );

  /** A message that is not a valid event of its topic goes to the DLQ at once. */
  const deadLetterUnreadable = (payload: Delivery, route: Route, error: unknown) =>
    inMessageSpan(payload, async (span) => {
      const reason = error instanceof DeadLetter ? error.reason : 'unparseable';
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      await deadLetter(payload, route, reason, error, 0);
    });

  /**
   * Consecutive events of one partition in one transaction: one inbox statement, each new
   * event's handler in offset order, one commit. If anything fails, the transaction rolled back
   * all of it, and every event is handled again in a transaction of its own (retries, DLQ), so
   * a failing event costs the batch a second pass and never takes the others to the DLQ.
   */
  async function processRun(
    route: Route,
    run: readonly { payload: Delivery; event: EventEnvelope }[],
  ): Promise<void> {
    const [only] = run;
    if (only && run.length === 1) {
      await inMessageSpan(only.payload, (span) =>
        processEvent(only.payload, route, only.event, span),
      );
      return;
    }
    const handler = route.handler as EventHandler<EventContract, Tx>;
    let outcomes: { event: EventEnvelope; durationMs?: number }[];
    try {
      outcomes = await options.transaction(async (tx) => {
        const fresh = await recordBatchInInbox(
          tx,
          consumerName,
          run.map((item) => item.event.id),
        );
        const handled: { event: EventEnvelope; durationMs?: number }[] = [];
        for (const { payload, event } of run) {
          // Postgres prints uuids in lower case; an id seen twice in the run is new once.
          if (!fresh.delete(event.id.toLowerCase())) {
            handled.push({ event });
            continue;
          }
          const started = performance.now();
          await inMessageSpan(payload, async (span) => {
            span.setAttribute('messaging.message.id', event.id);
            const { topic, partition, message } = payload;
            try {
              await handler(event, tx, { topic, partition, offset: message.offset, attempt: 1 });
            } catch (error) {
              span.recordException(error as Error);
              span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
              throw error;
            }
          });
          handled.push({ event, durationMs: performance.now() - started });
        }
        return handled;
      });
    } catch (error) {
      options.onBatchFallback?.(error, run.length);
      for (const { payload, event } of run) {
        await inMessageSpan(payload, (span) => processEvent(payload, route, event, span));
      }
      return;
    }
    for (const { event, durationMs } of outcomes) {
      if (durationMs === undefined) options.onDuplicate?.(event);
      else options.onHandled?.(event, durationMs);
    }
  }

  /**
   * A fetched batch of one partition, in offset order: runs of valid events go to processRun
   * (at most maxBatchSize each), an unreadable message to the DLQ between them. Each offset is
   * resolved and committed only after its transaction committed or its message was
   * dead-lettered; throwing (the DLQ is unreachable) leaves the rest to be delivered again.
   */
  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } =
      payload;
    const route = routes.get(batch.topic);
    if (!route) return;
    const delivery = (message: KafkaMessage): Delivery => ({
      topic: batch.topic,
      partition: batch.partition,
      message,
      heartbeat,
    });
    let run: { payload: Delivery; event: EventEnvelope }[] = [];
    const flush = async () => {
      const last = run.at(-1);
      if (!last) return;
      await processRun(route, run);
      run = [];
      resolveOffset(last.payload.message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    };
    for (const message of batch.messages) {
      // A rebalance took the partition away, or the consumer is stopping: leave the rest.
      if (!isRunning() || isStale()) return;
      let event: EventEnvelope;
      try {
        event = parseEnvelope(route.contract, message.value);
      } catch (error) {
        await flush();
        await deadLetterUnreadable(delivery(message), route, error);
        resolveOffset(message.offset);
        continue;
      }
      run.push({ payload: delivery(message), event });
      if (run.length >= maxBatchSize) await flush();
    }
    await flush();
  }

  let stopping = false;
  let restarts = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  /** Connects a fresh client to the group and runs it; a failure here is a crash too. */
  async function runConsumer(): Promise<void> {
    const client = createKafkaClient(options.kafka).consumer({
      groupId: options.groupId,
      // The long poll bounds how long stop() waits for an idle fetch.
      maxWaitTimeInMs: 500,
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: Math.floor((options.sessionTimeoutMs ?? 10_000) / 3),
    });
    consumer = client;
    // kafkajs restarts itself after retriable errors only; after any other it stays stopped
    // for good (kafkajs#1445) while the service looks healthy. Start it over instead.
    client.on(client.events.CRASH, ({ payload }) => {
      if (!payload.restart && consumer === client) restartAfterCrash(client, payload.error);
    });
    client.on(client.events.GROUP_JOIN, () => {
      restarts = 0;
    });
    await client.connect();
    await client.subscribe({
      topics: [...routes.keys()],
      fromBeginning: options.fromBeginning ?? true,
    });
    // Offsets are resolved by eachBatch itself, after the transactions they belong to.
    await client.run({
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 6,
      eachBatchAutoResolve: false,
      eachBatch,
    });
  }

  function restartAfterCrash(crashed: Consumer, error: unknown): void {
    if (stopping || restartTimer) return;
    restarts += 1;
    const delay = backoffDelay(restarts, { initialDelayMs: 500, maxDelayMs: 10_000 });
    options.onCrash?.(error, delay);
    restartTimer = setTimeout(async () => {
      restartTimer = undefined;
      if (stopping) return;
      await crashed.disconnect().catch(() => {});
      try {
        await runConsumer();
      } catch (failure) {
        restartAfterCrash(consumer ?? crashed, failure);
      }
    }, delay);
  }

  const self: EventConsumer<Tx> = {
    on(contract, handler) {
      routes.set(topicName(contract.topic), {
        contract,
        handler: handler as unknown as EventHandler<EventContract, never>,
      });
      return self;
    },
    get topics() {
      return [...routes.keys()];
    },
    async start() {
      if (consumer) return;
      if (routes.size === 0) throw new Error('register at least one handler with on() first');
      stopping = false;
      deadLetters = await createEventProducer({ kafka: options.kafka, topicName });
      await runConsumer();
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      restartTimer = undefined;
      await consumer?.disconnect();
      await deadLetters?.disconnect();
      consumer = undefined;
      deadLetters = undefined;
    },
  };
  return self;
}
