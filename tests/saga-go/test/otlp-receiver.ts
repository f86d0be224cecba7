import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs/minimal.js';

/** One span as a service exported it, with the resource that says who made it. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** service.name of the exporting resource. */
  service?: string;
  /** telemetry.sdk.language of the exporting resource: "go", "nodejs", ... */
  language?: string;
}

export interface OtlpReceiver {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT; the exporters append /v1/traces. */
  endpoint: string;
  spans: ReceivedSpan[];
  close(): Promise<void>;
}

/** The length-delimited fields of a protobuf message, by field number (others skipped). */
function fieldsOf(bytes: Uint8Array): Map<number, Uint8Array[]> {
  const reader = protobuf.Reader.create(bytes);
  const fields = new Map<number, Uint8Array[]>();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if ((tag & 7) !== 2) {
      reader.skipType(tag & 7);
      continue;
    }
    const field = tag >>> 3;
    fields.set(field, [...(fields.get(field) ?? []), reader.bytes()]);
  }
  return fields;
}

const text = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
const hex = (bytes: Uint8Array | undefined) =>
  bytes === undefined || bytes.length === 0 ? undefined : Buffer.from(bytes).toString('hex');

/**
 * The spans of an OTLP ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1):
 * resource_spans = 1 { resource = 1 { attributes = 1 }, scope_spans = 2 { spans = 2 } }, a span
 * being trace_id = 1, span_id = 2, parent_span_id = 4, name = 5.
 */
export function decodeTraces(request: Uint8Array): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of fieldsOf(request).get(1) ?? []) {
    const fields = fieldsOf(resourceSpans);
    const attributes: Record<string, string | undefined> = {};
    for (const resource of fields.get(1) ?? []) {
      for (const keyValue of fieldsOf(resource).get(1) ?? []) {
        const pair = fieldsOf(keyValue);
        const value = pair.get(2)?.[0];
        const key = text(pair.get(1)?.[0]);
        if (key && value) attributes[key] = text(fieldsOf(value).get(1)?.[0]);
      }
    }
    for (const scopeSpans of fields.get(2) ?? []) {
      for (const span of fieldsOf(scopeSpans).get(2) ?? []) {
        const s = fieldsOf(span);
        spans.push({
          traceId: hex(s.get(1)?.[0]) ?? '',
          spanId: hex(s.get(2)?.[0]) ?? '',
          parentSpanId: hex(s.get(4)?.[0]),
          name: text(s.get(5)?.[0]) ?? '',
          service: attributes['service.name'],
          language: attributes['telemetry.sdk.language'],
        });
      }
    }
  }
  return spans;
}

/**
 * An OTLP/HTTP (protobuf) trace receiver on a free port, as a collector would be: both the
 * Node SDK and the Go SDK export to it, so a test sees the spans themselves.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      const body = Buffer.concat(chunks);
      const gzipped = request.headers['content-encoding'] === 'gzip';
      spans.push(...decodeTraces(gzipped ? gunzipSync(body) : body));
      // An empty ExportTraceServiceResponse: everything accepted.
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
