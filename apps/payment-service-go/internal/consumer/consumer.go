// Package consumer reads the saga's events effectively once: each message is validated against
// its contract, its handler runs in a transaction that also records the event in the inbox
// (consumer, event id), a failing handler is retried and then dead-lettered with the error, and
// an offset is committed only after its message was handled or dead-lettered.
package consumer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"ecommerce.example/payment-service/internal/events"
)

// Handler applies one event in tx.
type Handler func(ctx context.Context, tx pgx.Tx, event events.Envelope) error

// ErrNonRetryable wrapped by a handler's error skips the retries.
var ErrNonRetryable = errors.New("not retryable")

// Consumer is one consumer group's loop over the handled topics.
type Consumer struct {
	Name        string // the inbox's consumer column and the dead letters' dlq_consumer
	Client      *kgo.Client
	Producer    *kgo.Client // writes dead letters
	Pool        *pgxpool.Pool
	Topics      events.Topics
	Validator   *events.Validator
	Handlers    map[string]Handler
	MaxAttempts int
	Log         *slog.Logger
	// BeginTx opens a handler's transaction (its options bound how long it may stay open).
	BeginTx func(ctx context.Context) (pgx.Tx, error)
	// OnHandled and OnDeadLettered feed the metrics (contract topic; reason).
	OnHandled      func(topic string)
	OnDeadLettered func(topic, reason string)
}

// Run consumes until ctx ends; the last offsets handled are committed before it returns.
func (c *Consumer) Run(ctx context.Context) error {
	c.Log.Debug("consumer started", "group", c.Topics.Name(c.Name))
	for {
		fetches := c.Client.PollFetches(ctx)
		if ctx.Err() != nil || fetches.IsClientClosed() {
			return nil
		}
		fetches.EachError(func(topic string, partition int32, err error) {
			c.Log.Warn("kafka fetch", "topic", topic, "partition", partition, "err", err)
		})
		var done []*kgo.Record
		var stopErr error
		fetches.EachRecord(func(record *kgo.Record) {
			if stopErr != nil {
				return
			}
			if err := c.handle(ctx, record); err != nil {
				stopErr = err
				return
			}
			done = append(done, record)
		})
		if len(done) > 0 {
			if err := c.Client.CommitRecords(context.WithoutCancel(ctx), done...); err != nil {
				c.Log.Warn("commit offsets", "err", err)
			}
		}
		// Partitions move only between polls, after their handled offsets were committed.
		c.Client.AllowRebalance()
		if stopErr != nil {
			// Not handled nor dead-lettered (the DLQ itself failed): read it again.
			c.Log.Error("message neither handled nor dead-lettered; it will be read again", "err", stopErr)
			return fmt.Errorf("consume: %w", stopErr)
		}
	}
}

func headersOf(record *kgo.Record) map[string]string {
	headers := make(map[string]string, len(record.Headers))
	for _, h := range record.Headers {
		headers[h.Key] = string(h.Value)
	}
	return headers
}

// handle returns an error only when the message could not even be dead-lettered.
func (c *Consumer) handle(ctx context.Context, record *kgo.Record) error {
	topic := record.Topic[len(c.Topics.Prefix):]
	c.Log.Debug("message received", "topic", record.Topic, "partition", record.Partition, "offset", record.Offset)
	headers := headersOf(record)
	parent := events.ExtractTrace(ctx, headers)
	ctx, span := otel.Tracer("payment-service/consumer").Start(parent, topic+" process",
		trace.WithSpanKind(trace.SpanKindConsumer),
		trace.WithAttributes(
			attribute.String("messaging.system", "kafka"),
			attribute.String("messaging.destination.name", record.Topic),
			attribute.String("messaging.consumer.group.name", c.Topics.Name(c.Name)),
			attribute.Int("messaging.destination.partition.id", int(record.Partition)),
			attribute.Int64("messaging.kafka.offset", record.Offset),
		))
	defer span.End()

	var event events.Envelope
	if err := json.Unmarshal(record.Value, &event); err != nil {
		return c.deadLetter(ctx, span, record, topic, "unparseable", err, 0)
	}
	if err := c.Validator.Validate(topic, record.Value); err != nil {
		return c.deadLetter(ctx, span, record, topic, "invalid", err, 0)
	}
	span.SetAttributes(attribute.String("messaging.message.id", event.ID))
	handler := c.Handlers[topic]
	var err error
	attempt := 0
	for attempt = 1; attempt <= c.MaxAttempts; attempt++ {
		err = c.applyOnce(ctx, handler, event)
		if err == nil || errors.Is(err, ErrNonRetryable) || ctx.Err() != nil {
			break
		}
		c.Log.WarnContext(ctx, "event handler failed; retrying", "topic", topic, "event_id", event.ID, "attempt", attempt, "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Duration(100*(1<<(attempt-1))) * time.Millisecond):
		}
	}
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return c.deadLetter(ctx, span, record, topic, "failed", err, min(attempt, c.MaxAttempts))
}

// applyOnce runs the handler in a fresh transaction that records the inbox row; an event
// already in the inbox is skipped.
func (c *Consumer) applyOnce(ctx context.Context, handler Handler, event events.Envelope) error {
	tx, err := c.BeginTx(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // a no-op after Commit
	tag, err := tx.Exec(ctx, `INSERT INTO inbox_events (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`, c.Name, event.ID)
	if err != nil {
		return fmt.Errorf("inbox: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return nil // handled before: redelivery changes nothing
	}
	if err := handler(ctx, tx, event); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if c.OnHandled != nil {
		c.OnHandled(c.Topics.Name(event.Type))
	}
	c.Log.InfoContext(ctx, "event handled", "type", event.Type, "event_id", event.ID, "subject", event.Subject)
	return nil
}

func (c *Consumer) deadLetter(ctx context.Context, span trace.Span, record *kgo.Record, topic, reason string, cause error, attempts int) error {
	span.RecordError(cause)
	span.SetStatus(codes.Error, reason)
	text := cause.Error()
	if len(text) > 2000 {
		text = text[:2000]
	}
	dead := &kgo.Record{
		Topic:   c.Topics.DeadLetter(topic),
		Key:     record.Key,
		Value:   record.Value,
		Headers: append([]kgo.RecordHeader(nil), record.Headers...),
	}
	for _, h := range [][2]string{
		{"dlq_reason", reason},
		{"dlq_error", text},
		{"dlq_consumer", c.Name},
		{"dlq_original_topic", record.Topic},
		{"dlq_original_partition", strconv.Itoa(int(record.Partition))},
		{"dlq_original_offset", strconv.FormatInt(record.Offset, 10)},
		{"dlq_attempts", strconv.Itoa(attempts)},
		{"dlq_failed_at", time.Now().UTC().Format("2006-01-02T15:04:05.000Z")},
	} {
		dead.Headers = append(dead.Headers, kgo.RecordHeader{Key: h[0], Value: []byte(h[1])})
	}
	if err := c.Producer.ProduceSync(ctx, dead).FirstErr(); err != nil {
		return fmt.Errorf("dead-letter %s[%d]@%d: %w", record.Topic, record.Partition, record.Offset, err)
	}
	c.Log.WarnContext(ctx, "event dead-lettered", "topic", topic, "reason", reason, "err", cause)
	if c.OnDeadLettered != nil {
		c.OnDeadLettered(record.Topic, reason)
	}
	return nil
}
