import { type Context, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Partitioners, type Producer } from 'kafkajs';
import type { EventEnvelope } from '../envelope.ts';
import { type TopicName, unprefixedTopic } from '../topics.ts';
import { eventsTracer, extractTraceContext, injectTraceHeaders } from '../tracing.ts';
import { createKafkaClient, type KafkaSettings } from './client.ts';
import { envelopeHeaders, type OutgoingRecord } from './message.ts';

export interface EventProducer {
  /** Publishes events straight to Kafka (no outbox), under the caller's trace context. */
  publish(events: EventEnvelope | EventEnvelope[]): Promise<void>;
  /**
   * Sends prepared records in one acknowledged request. A record whose headers already hold a
   * trace context (written when it was stored in an outbox) continues that trace.
   */
  send(records: OutgoingRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface EventProducerOptions {
  kafka: KafkaSettings;
  topicName?: TopicName;
}

/**
 * Errors saying the broker no longer agrees with the producer's idempotence state (its producer
 * id, epoch or per-partition sequence numbers). kafkajs never recovers from them: every later
 * send to that partition fails the same way. Seen after a broker restart in the middle of a
 * batch. The Java client resets its producer id for these; here the producer is replaced.
 */
const producerStateErrors = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
]);

/** Whether `error`, or an error it wraps, is one a fresh producer id cures. */
export function isProducerStateError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending = [error];
  while (pending.length > 0) {
    const current = pending.pop() as { type?: unknown; cause?: unknown; errors?: unknown };
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    if (typeof current.type === 'string' && producerStateErrors.has(current.type)) return true;
    pending.push(current.cause);
    if (Array.isArray(current.errors)) pending.push(...current.errors);
  }
  return false;
}

export async function createEventProducer(options: EventProducerOptions): Promise<EventProducer> {
  const topicName = options.topicName ?? unprefixedTopic;
  const createProducer = (): Producer =>
    createKafkaClient(options.kafka).producer({
      // Broker-side deduplication of retried batches; requires acks=all.
      idempotent: true,
      // kafkajs does not reassign sequence numbers after a failed in-flight batch (kafkajs#980),
      // so more than one request in flight could reorder or fail an idempotent producer.
      maxInFlightRequests: 1,
      // The Java client's murmur2 partitioner: a key lands on the same partition in any language.
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
  let producer = createProducer();
  let connecting: Promise<void> | undefined;
  const connected = () => {
    connecting ??= producer.connect().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };
  /**
   * A new producer (a new producer id, sequences from zero) for the next send. What the old one
   * may have written is sent again: at least once, as everywhere; consumers' inboxes absorb it.
   */
  const replaceProducer = () => {
    const stale = producer;
    producer = createProducer();
    connecting = undefined;
    void stale.disconnect().catch(() => {});
  };
  await connected();

  async function send(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const spans = records.map((record) => {
      const parent: Context = record.headers.traceparent
        ? extractTraceContext(record.headers)
        : context.active();
      const span = eventsTracer().startSpan(
        `${record.topic} publish`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'send',
            'messaging.destination.name': record.topic,
            ...(record.key === null ? {} : { 'messaging.kafka.message.key': record.key }),
            ...(record.headers.ce_id
              ? { 'messaging.message.id': String(record.headers.ce_id) }
              : {}),
          },
        },
        parent,
      );
      const { traceparent: _parent, tracestate: _state, ...headers } = record.headers;
      const traceHeaders = injectTraceHeaders({}, trace.setSpan(parent, span));
      return { span, record: { ...record, headers: { ...headers, ...traceHeaders } } };
    });

    const byTopic = new Map<string, Omit<OutgoingRecord, 'topic'>[]>();
    for (const { record } of spans) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({ key: record.key, value: record.value, headers: record.headers });
      byTopic.set(record.topic, messages);
    }
    try {
      await connected();
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      if (isProducerStateError(error)) replaceProducer();
      for (const { span } of spans) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        span.end();
      }
      throw error;
    }
    for (const { span } of spans) span.end();
  }

  return {
    send,
    async publish(events) {
      const list = Array.isArray(events) ? events : [events];
      await send(
        list.map((event) => ({
          topic: topicName(event.type),
          key: event.subject,
          value: JSON.stringify(event),
          headers: injectTraceHeaders(envelopeHeaders(event)),
        })),
      );
    },
    disconnect: () => producer.disconnect(),
  };
}
