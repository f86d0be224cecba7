package events

import (
	"context"

	"go.opentelemetry.io/otel/propagation"
)

// traceContext is the W3C Trace Context propagator, whatever global one is installed: the
// system's Kafka headers always carry traceparent/tracestate.
var traceContext = propagation.TraceContext{}

// InjectTrace adds the context's W3C trace context to headers.
func InjectTrace(ctx context.Context, headers map[string]string) {
	traceContext.Inject(ctx, propagation.MapCarrier(headers))
}

// ExtractTrace returns ctx continuing the trace in headers, if they carry one.
func ExtractTrace(ctx context.Context, headers map[string]string) context.Context {
	return traceContext.Extract(ctx, propagation.MapCarrier(headers))
}
