// Package telemetry sets up OpenTelemetry tracing (W3C trace context, OTLP over HTTP when an
// endpoint is configured) and JSON logs that carry the trace and span ids of their context.
package telemetry

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
	"go.opentelemetry.io/otel/trace"
)

// Settings of the tracer, from the standard OTEL_* variables.
type Settings struct {
	ServiceName    string
	ServiceVersion string
	// OTLPEndpoint, e.g. http://127.0.0.1:4318; spans are exported only when it is set.
	OTLPEndpoint string
	Disabled     bool
}

// Start installs the global tracer provider and propagator; the returned function flushes and
// stops it. Without an endpoint spans are still created and sampled, so ids reach logs and
// headers, but nothing is sent anywhere (as in the TypeScript services).
func Start(ctx context.Context, s Settings) (func(context.Context) error, error) {
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	if s.Disabled {
		return func(context.Context) error { return nil }, nil
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(
		semconv.ServiceName(s.ServiceName), semconv.ServiceVersion(s.ServiceVersion)))
	if err != nil {
		return nil, fmt.Errorf("telemetry resource: %w", err)
	}
	options := []sdktrace.TracerProviderOption{sdktrace.WithResource(res)}
	if s.OTLPEndpoint != "" {
		// The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT itself and appends /v1/traces.
		exporter, err := otlptracehttp.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("OTLP exporter: %w", err)
		}
		options = append(options, sdktrace.WithBatcher(exporter))
	}
	provider := sdktrace.NewTracerProvider(options...)
	otel.SetTracerProvider(provider)
	return provider.Shutdown, nil
}

// traceHandler adds traceId and spanId (the names the TypeScript services' logs use) to every
// record whose context is in a span.
type traceHandler struct{ slog.Handler }

func (h traceHandler) Handle(ctx context.Context, r slog.Record) error {
	if span := trace.SpanContextFromContext(ctx); span.IsValid() {
		r.AddAttrs(slog.String("traceId", span.TraceID().String()), slog.String("spanId", span.SpanID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h traceHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return traceHandler{h.Handler.WithAttrs(attrs)}
}

func (h traceHandler) WithGroup(name string) slog.Handler {
	return traceHandler{h.Handler.WithGroup(name)}
}

// Logger writes JSON lines at level (trace/debug/info/warn/error/fatal/silent, as LOG_LEVEL).
func Logger(w io.Writer, level, service string) *slog.Logger {
	var l slog.Level
	switch level {
	case "trace", "debug":
		l = slog.LevelDebug
	case "warn":
		l = slog.LevelWarn
	case "error", "fatal":
		l = slog.LevelError
	case "silent":
		l = slog.LevelError + 100
	default:
		l = slog.LevelInfo
	}
	handler := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.MessageKey {
			a.Key = "msg"
		}
		return a
	}})
	return slog.New(traceHandler{handler}).With("service", service)
}
