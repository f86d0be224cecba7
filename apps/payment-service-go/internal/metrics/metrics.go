// Package metrics is payment-service's Prometheus registry, with the metric names every
// service of the system uses, so dashboards and alerts work whatever the implementation.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are the series payment-service exports at /metrics.
type Metrics struct {
	Registry      *prometheus.Registry
	HTTPDuration  *prometheus.HistogramVec
	ProviderRetry prometheus.Counter
	OutboxBacklog prometheus.Gauge
	Published     prometheus.Counter
	Handled       *prometheus.CounterVec
	DeadLettered  *prometheus.CounterVec
}

// New registers the series, the Go runtime's and the process's.
func New() *Metrics {
	r := prometheus.NewRegistry()
	m := &Metrics{
		Registry: r,
		HTTPDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "Time from receiving a request to sending the response, by route pattern.",
			Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "status_code"}),
		ProviderRetry: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "payment_provider_retries_total",
			Help: "Provider calls repeated after a transient error or timeout.",
		}),
		OutboxBacklog: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "outbox_backlog_events",
			Help: "Outbox events committed but not yet acknowledged by Kafka.",
		}),
		Published: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "events_published_total",
			Help: "Events the outbox relay published and Kafka acknowledged.",
		}),
		Handled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "events_handled_total",
			Help: "Consumed events whose handler committed (duplicates skipped by the inbox are not counted).",
		}, []string{"topic"}),
		DeadLettered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "events_dead_lettered_total",
			Help: "Consumed events sent to their dead-letter topic, by reason (unparseable, invalid, failed).",
		}, []string{"topic", "reason"}),
	}
	r.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.HTTPDuration, m.ProviderRetry, m.OutboxBacklog, m.Published, m.Handled, m.DeadLettered,
	)
	return m
}
