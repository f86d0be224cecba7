// Package outbox is the transactional outbox shared with every service of the system: events
// are stored in the transaction that changed the state they describe, and a relay publishes
// them to Kafka, each key's events in order, at least once.
package outbox

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"ecommerce.example/payment-service/internal/events"
)

// Channel is what the relay LISTENs on; the payload is the schema whose outbox changed.
const Channel = "outbox_events"

// Enqueue stores an event in the caller's open transaction, with the current trace context in
// its headers, so the consumer's span joins the trace that caused it. The table is the one on
// the role's search_path (its own schema), as with the other services.
func Enqueue(ctx context.Context, tx pgx.Tx, event events.Envelope) error {
	headers := events.Headers(event)
	events.InjectTrace(ctx, headers)
	payload, err := json.Marshal(event)
	if err != nil {
		return fmt.Errorf("encode event %s: %w", event.ID, err)
	}
	encodedHeaders, err := json.Marshal(headers)
	if err != nil {
		return fmt.Errorf("encode headers of %s: %w", event.ID, err)
	}
	if _, err := tx.Exec(ctx,
		`INSERT INTO outbox_events (id, topic, key, type, payload, headers)
		 VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6::jsonb)`,
		event.ID, event.Type, event.Subject, event.Type, string(payload), string(encodedHeaders),
	); err != nil {
		return fmt.Errorf("insert outbox event %s: %w", event.ID, err)
	}
	// Delivered only on commit: the relay wakes for committed events alone.
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, current_schema())`, Channel); err != nil {
		return fmt.Errorf("notify the relay: %w", err)
	}
	return nil
}
