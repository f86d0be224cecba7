package payments

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"ecommerce.example/payment-service/internal/domain"
	"ecommerce.example/payment-service/internal/events"
	"ecommerce.example/payment-service/internal/outbox"
	"ecommerce.example/payment-service/internal/provider"
)

// Refund refunds an order's successful payment in full, once, in tx; the refund, the payment's
// new status and payment.refunded commit together. restock says whether the order's units came
// back and go on hand again (a return); a repeat returns the first refund, whatever it asks. The payment row is locked first, so
// concurrent refunds of one order run one after the other and the second finds the first's.
// It fails with ErrNotFound, ErrNotRefundable or ErrRefundUnavailable (nothing was refunded; a
// later attempt uses the same key).
func (s *Service) Refund(ctx context.Context, tx pgx.Tx, orderID string, restock bool) (*Payment, bool, error) {
	var paymentID string
	err := tx.QueryRow(ctx, `SELECT id::text FROM payments WHERE order_id = $1::uuid FOR UPDATE`, orderID).Scan(&paymentID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, fmt.Errorf("order %s: %w", orderID, ErrNotFound)
	}
	if err != nil {
		return nil, false, fmt.Errorf("lock the payment of order %s: %w", orderID, err)
	}
	payment, err := ByID(ctx, tx, paymentID)
	if err != nil {
		return nil, false, err
	}
	switch domain.DecideRefund(payment.Status) {
	case domain.AlreadyRefunded:
		if payment.Refund != nil {
			return payment, false, nil
		}
		fallthrough
	case domain.NotRefundable:
		return nil, false, fmt.Errorf("order %s is %s: %w", orderID, payment.Status, ErrNotRefundable)
	}
	if payment.ProviderReference == nil {
		return nil, false, fmt.Errorf("order %s has no charge reference: %w", orderID, ErrNotRefundable)
	}

	var reference string
	attempts, err := s.Policy.Do(ctx, func(ctx context.Context) error {
		var callErr error
		reference, callErr = s.Provider.Refund(ctx, provider.RefundRequest{
			IdempotencyKey:  RefundKey(payment.ID),
			ChargeReference: *payment.ProviderReference,
			Amount:          payment.Amount,
		})
		return callErr
	})
	if err != nil {
		if provider.Retryable(err) {
			return nil, false, fmt.Errorf("refund order %s: %w", orderID, errors.Join(ErrRefundUnavailable, err))
		}
		return nil, false, fmt.Errorf("refund order %s: %w", orderID, err)
	}

	refundID := uuid.NewString()
	if _, err := tx.Exec(ctx, `
		INSERT INTO refunds (id, payment_id, amount, currency, provider_reference, attempts, restock)
		VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7)`,
		refundID, payment.ID, payment.Amount.Amount, payment.Amount.Currency, reference, attempts, restock); err != nil {
		return nil, false, fmt.Errorf("insert the refund of %s: %w", payment.ID, err)
	}
	if _, err := tx.Exec(ctx, `UPDATE payments SET status = 'REFUNDED', updated_at = now() WHERE id = $1::uuid`, payment.ID); err != nil {
		return nil, false, fmt.Errorf("mark %s refunded: %w", payment.ID, err)
	}
	event, err := events.New(events.PaymentRefunded, orderID, map[string]any{
		"orderId": orderID, "paymentId": payment.ID, "refundId": refundID, "amount": payment.Amount,
		"restock": restock,
	})
	if err != nil {
		return nil, false, err
	}
	if err := outbox.Enqueue(ctx, tx, event); err != nil {
		return nil, false, err
	}
	refunded, err := ByID(ctx, tx, payment.ID)
	if err != nil {
		return nil, false, err
	}
	return refunded, true, nil
}
