import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapSetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';

/** Kafka message headers as the client delivers them: bytes or strings. */
export type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const headerGetter: TextMapGetter<KafkaHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const value = carrier[key];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.map((v) => v.toString()) : value.toString();
  },
};

const headerSetter: TextMapSetter<Record<string, string>> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

/**
 * Writes the W3C trace context (`traceparent`, `tracestate`) of `from` into `headers` through
 * the globally registered propagator; nothing is written until a telemetry SDK registers one.
 */
export function injectTraceHeaders(
  headers: Record<string, string> = {},
  from: Context = context.active(),
): Record<string, string> {
  propagation.inject(from, headers, headerSetter);
  return headers;
}

/** The context carried by a message's headers, on top of `base` (the root context by default). */
export function extractTraceContext(
  headers: KafkaHeaders | undefined,
  base: Context = ROOT_CONTEXT,
): Context {
  return propagation.extract(base, headers ?? {}, headerGetter);
}

export function eventsTracer(): Tracer {
  return trace.getTracer('@ecommerce/events');
}
