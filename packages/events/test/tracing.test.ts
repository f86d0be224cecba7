import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTraceContext, injectTraceHeaders } from '../src/index.ts';

const spanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
};

describe('trace context in Kafka headers', () => {
  beforeAll(() => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    propagation.disable();
    context.disable();
  });

  it('writes traceparent and reads it back from string or Buffer headers', () => {
    const headers = injectTraceHeaders({}, trace.setSpanContext(ROOT_CONTEXT, spanContext));
    expect(headers.traceparent).toBe(`00-${spanContext.traceId}-${spanContext.spanId}-01`);

    for (const carrier of [headers, { traceparent: Buffer.from(String(headers.traceparent)) }]) {
      const extracted = trace.getSpanContext(extractTraceContext(carrier));
      expect(extracted).toMatchObject({ ...spanContext, isRemote: true });
    }
  });

  it('gives the root context for headers without trace context', () => {
    expect(trace.getSpanContext(extractTraceContext({ ce_type: 'x' }))).toBeUndefined();
    expect(trace.getSpanContext(extractTraceContext(undefined))).toBeUndefined();
  });
});
