package payments

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Key space of this service's advisory locks (the two-integer form), "PAY"; the same as the
// TypeScript implementation's, so both serialise one order's handlers if they ever run side by side.
const orderLockSpace = 0x504159

// LockOrder serialises the saga's handlers of one order until tx ends, across instances: a
// charge and a cancellation of the same order never interleave, so either the charge sees the
// cancellation and does not happen, or the cancellation sees the charge and refunds it.
func LockOrder(ctx context.Context, tx pgx.Tx, orderID string) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, orderLockSpace, orderID); err != nil {
		return fmt.Errorf("lock order %s: %w", orderID, err)
	}
	return nil
}

// RecordCancellation remembers that an order was cancelled, so it is never charged after.
func RecordCancellation(ctx context.Context, tx pgx.Tx, orderID, reason string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO cancelled_orders (order_id, reason) VALUES ($1::uuid, $2) ON CONFLICT DO NOTHING`, orderID, reason); err != nil {
		return fmt.Errorf("record the cancellation of %s: %w", orderID, err)
	}
	return nil
}

// IsCancelled reports whether the order was cancelled.
func IsCancelled(ctx context.Context, tx pgx.Tx, orderID string) (bool, error) {
	var cancelled bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM cancelled_orders WHERE order_id = $1::uuid)`, orderID).Scan(&cancelled); err != nil {
		return false, fmt.Errorf("is %s cancelled: %w", orderID, err)
	}
	return cancelled, nil
}
