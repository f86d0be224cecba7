import type { EventEnvelope } from '../envelope.ts';

/**
 * CloudEvents Kafka protocol binding, structured mode: the whole event is the JSON value. The
 * `ce_id` and `ce_type` headers repeat two attributes so routers and tools can act without
 * parsing the value; `traceparent`/`tracestate` carry W3C trace context.
 */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** A message ready for Kafka: final topic name, key, value (JSON unless dead-lettered), headers. */
export interface OutgoingRecord {
  topic: string;
  key: string | null;
  value: string | Buffer | null;
  headers: Record<string, string | Buffer>;
}

export function envelopeHeaders(envelope: EventEnvelope): Record<string, string> {
  return {
    'content-type': STRUCTURED_CONTENT_TYPE,
    ce_id: envelope.id,
    ce_type: envelope.type,
  };
}
