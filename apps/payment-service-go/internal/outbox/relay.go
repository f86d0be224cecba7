package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"ecommerce.example/payment-service/internal/events"
)

// Relay publishes committed outbox rows and marks them published. Rows are locked with
// FOR UPDATE SKIP LOCKED, so several instances share the work; a row is sent only when every
// earlier unpublished row of its key is in the same batch, and a key's rows are produced in
// sequence order on one partition by an idempotent producer, so they arrive in order.
type Relay struct {
	Pool      *pgxpool.Pool
	Producer  *kgo.Client
	Topics    events.Topics
	BatchSize int
	Poll      time.Duration
	Log       *slog.Logger
	// OnBacklog reports the rows committed but not yet acknowledged; OnPublished counts sends.
	OnBacklog   func(n int)
	OnPublished func(n int)
}

type row struct {
	id       string
	sequence int64
	topic    string
	key      string
	payload  string
	headers  map[string]string
}

// Run publishes until ctx ends, waking on notifications and polling in case one was missed.
func (r *Relay) Run(ctx context.Context) {
	wake := make(chan struct{}, 1)
	go r.listen(ctx, wake)
	failures := 0
	for ctx.Err() == nil {
		published, err := r.publishBatch(ctx)
		r.reportBacklog(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failures++
			r.Log.Warn("outbox relay", "err", err)
			delay := min(10*time.Second, 100*time.Millisecond<<min(failures, 7))
			sleep(ctx, time.Duration(rand.Float64()*float64(delay)))
			continue
		}
		failures = 0
		if published > 0 {
			continue
		}
		select {
		case <-ctx.Done():
		case <-wake:
		case <-time.After(r.Poll):
		}
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

func (r *Relay) listen(ctx context.Context, wake chan<- struct{}) {
	for ctx.Err() == nil {
		err := r.listenOnce(ctx, wake)
		if ctx.Err() != nil {
			return
		}
		r.Log.Warn("outbox relay: LISTEN connection lost", "err", err)
		sleep(ctx, time.Second)
	}
}

func (r *Relay) listenOnce(ctx context.Context, wake chan<- struct{}) error {
	pooled, err := r.Pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("acquire: %w", err)
	}
	// A listening connection is never handed back to the pool.
	conn := pooled.Hijack()
	defer conn.Close(context.Background())
	var schema string
	if err := conn.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return fmt.Errorf("current schema: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	signal := func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	signal() // rows committed while nobody listened notified no one
	for {
		notification, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if notification.Payload == schema {
			signal()
		}
	}
}

func (r *Relay) reportBacklog(ctx context.Context) {
	if r.OnBacklog == nil {
		return
	}
	var n int
	if err := r.Pool.QueryRow(ctx, `SELECT count(*) FROM outbox_events WHERE published_at IS NULL`).Scan(&n); err == nil {
		r.OnBacklog(n)
	}
}

func (r *Relay) publishBatch(ctx context.Context) (int, error) {
	tx, err := r.Pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.Background()) //nolint:errcheck // after Commit it is a no-op
	rows, err := lockBatch(ctx, tx, r.BatchSize)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	publishable, err := inKeyOrder(ctx, tx, rows)
	if err != nil {
		return 0, err
	}
	sent, failure := r.produce(ctx, publishable)
	if len(sent) > 0 {
		if _, err := tx.Exec(ctx,
			`UPDATE outbox_events SET published_at = now(), attempts = attempts + 1, last_error = NULL
			 WHERE id = ANY($1::uuid[])`, sent); err != nil {
			return 0, fmt.Errorf("mark published: %w", err)
		}
	}
	if failure != nil {
		if _, err := tx.Exec(ctx,
			`UPDATE outbox_events SET attempts = attempts + 1, last_error = $2
			 WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, ids(publishable), failure.Error()); err != nil {
			return 0, fmt.Errorf("record the failure: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	if r.OnPublished != nil && len(sent) > 0 {
		r.OnPublished(len(sent))
	}
	return len(sent), failure
}

func ids(rows []row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.id
	}
	return out
}

func lockBatch(ctx context.Context, tx pgx.Tx, limit int) ([]row, error) {
	result, err := tx.Query(ctx, `
		SELECT id::text, sequence, topic, key, payload::text, headers::text
		FROM outbox_events WHERE published_at IS NULL
		ORDER BY outbox_events.sequence LIMIT $1 FOR UPDATE SKIP LOCKED`, limit)
	if err != nil {
		return nil, fmt.Errorf("lock a batch: %w", err)
	}
	defer result.Close()
	var rows []row
	for result.Next() {
		var r row
		var headers string
		if err := result.Scan(&r.id, &r.sequence, &r.topic, &r.key, &r.payload, &headers); err != nil {
			return nil, fmt.Errorf("read a row: %w", err)
		}
		if err := json.Unmarshal([]byte(headers), &r.headers); err != nil {
			return nil, fmt.Errorf("headers of %s: %w", r.id, err)
		}
		rows = append(rows, r)
	}
	return rows, result.Err()
}

// inKeyOrder keeps the rows whose every earlier unpublished row of the same key is locked too
// (another instance may hold one), in sequence order.
func inKeyOrder(ctx context.Context, tx pgx.Tx, rows []row) ([]row, error) {
	locked := map[int64]bool{}
	keys := map[string]bool{}
	for _, r := range rows {
		locked[r.sequence] = true
		keys[r.key] = true
	}
	keyList := make([]string, 0, len(keys))
	for k := range keys {
		keyList = append(keyList, k)
	}
	result, err := tx.Query(ctx, `
		SELECT key, sequence FROM outbox_events
		WHERE published_at IS NULL AND key = ANY($1::text[]) AND sequence <= $2
		ORDER BY outbox_events.sequence`, keyList, rows[len(rows)-1].sequence)
	if err != nil {
		return nil, fmt.Errorf("unpublished rows of the batch's keys: %w", err)
	}
	defer result.Close()
	blocked := map[string]bool{}
	allowed := map[int64]bool{}
	for result.Next() {
		var key string
		var sequence int64
		if err := result.Scan(&key, &sequence); err != nil {
			return nil, fmt.Errorf("read an unpublished row: %w", err)
		}
		if !locked[sequence] {
			blocked[key] = true
		}
		if !blocked[key] {
			allowed[sequence] = true
		}
	}
	if err := result.Err(); err != nil {
		return nil, err
	}
	var out []row
	for _, r := range rows {
		if allowed[r.sequence] {
			out = append(out, r)
		}
	}
	return out, nil
}

// produce sends the rows and returns the ids Kafka acknowledged. A failed record holds back
// every later record of its key, so a key's events are never marked out of order.
func (r *Relay) produce(ctx context.Context, rows []row) ([]string, error) {
	tracer := otel.Tracer("payment-service/outbox")
	records := make([]*kgo.Record, len(rows))
	spans := make([]trace.Span, len(rows))
	for i, row := range rows {
		parent := events.ExtractTrace(context.Background(), row.headers)
		spanCtx, span := tracer.Start(parent, row.topic+" publish",
			trace.WithSpanKind(trace.SpanKindProducer),
			trace.WithAttributes(
				attribute.String("messaging.system", "kafka"),
				attribute.String("messaging.destination.name", r.Topics.Name(row.topic)),
				attribute.String("messaging.message.id", row.id),
			))
		spans[i] = span
		headers := map[string]string{}
		for k, v := range row.headers {
			headers[k] = v
		}
		events.InjectTrace(spanCtx, headers)
		record := &kgo.Record{Topic: r.Topics.Name(row.topic), Key: []byte(row.key), Value: []byte(row.payload)}
		for k, v := range headers {
			record.Headers = append(record.Headers, kgo.RecordHeader{Key: k, Value: []byte(v)})
		}
		records[i] = record
	}
	// Results come back as partitions answer; put them in the rows' order again.
	errs := make([]error, len(rows))
	index := make(map[*kgo.Record]int, len(records))
	for i, record := range records {
		index[record] = i
	}
	for _, result := range r.Producer.ProduceSync(ctx, records...) {
		errs[index[result.Record]] = result.Err
	}
	failedKeys := map[string]bool{}
	var sent []string
	var failure error
	for i, err := range errs {
		key := rows[i].key
		if err != nil {
			failedKeys[key] = true
			failure = errors.Join(failure, fmt.Errorf("publish %s: %w", rows[i].id, err))
			spans[i].RecordError(err)
		} else if !failedKeys[key] {
			sent = append(sent, rows[i].id)
		}
		spans[i].End()
	}
	return sent, failure
}
