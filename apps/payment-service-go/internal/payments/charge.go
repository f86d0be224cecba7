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

// Service is what charging and refunding need besides a transaction.
type Service struct {
	Provider provider.Provider
	Policy   provider.Policy
	Tokens   domain.TokenSettings
}

// ChargeInput is one order's charge.
type ChargeInput struct {
	OrderID      string
	CustomerID   string
	Amount       domain.Money
	PaymentToken string
}

// ChargeKey is the charge's idempotency key at the provider: one charge per order, ever.
func ChargeKey(orderID string) string { return "charge:" + orderID }

// RefundKey is the refund's idempotency key at the provider: one refund per payment, ever.
func RefundKey(paymentID string) string { return "refund:" + paymentID }

// Charge charges an order once in tx: the payment and its payment.succeeded or payment.failed
// commit together. A repeat returns the stored payment without calling the provider (created
// false); a concurrent charge's insert waits on the unique order id and returns the winner's.
// The transaction stays open during the provider call, so a rollback after it leads to another
// call with the same key, which returns the same charge: nobody is charged twice.
func (s *Service) Charge(ctx context.Context, tx pgx.Tx, in ChargeInput) (*Payment, bool, error) {
	if existing, err := ByOrder(ctx, tx, in.OrderID); err != nil || existing != nil {
		if err != nil {
			return nil, false, err
		}
		return sameChargeOrFail(existing, in)
	}

	var result provider.ChargeResult
	attempts, err := s.Policy.Do(ctx, func(ctx context.Context) error {
		var callErr error
		result, callErr = s.Provider.Charge(ctx, provider.ChargeRequest{
			IdempotencyKey: ChargeKey(in.OrderID),
			Amount:         in.Amount,
			PaymentToken:   s.Tokens.TokenFor(in.CustomerID, in.PaymentToken),
			CustomerID:     in.CustomerID,
		})
		return callErr
	})
	status, reference, reason := domain.Succeeded, &result.Reference, (*string)(nil)
	switch {
	case err != nil && provider.Retryable(err) && ctx.Err() == nil:
		// Retries are exhausted: the order fails rather than waits; the key guarantees no
		// later charge under it.
		status, reference = domain.Failed, nil
		r := string(domain.ProviderUnavailable)
		reason = &r
	case err != nil:
		return nil, false, fmt.Errorf("charge order %s: %w", in.OrderID, err)
	case !result.Approved:
		status = domain.Failed
		r := string(domain.FailureReasonFor(result.DeclineCode))
		reason = &r
	}

	id := uuid.NewString()
	tag, err := tx.Exec(ctx, `
		INSERT INTO payments (id, order_id, customer_id, amount, currency, status, provider_reference,
		                      failure_reason, attempts, updated_at)
		VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6::"PaymentStatus", $7, $8, $9, now())
		ON CONFLICT (order_id) DO NOTHING`,
		id, in.OrderID, in.CustomerID, in.Amount.Amount, in.Amount.Currency, string(status), reference, reason, attempts)
	if err != nil {
		return nil, false, fmt.Errorf("insert the payment of order %s: %w", in.OrderID, err)
	}
	if tag.RowsAffected() == 0 {
		winner, err := ByOrder(ctx, tx, in.OrderID)
		if err != nil {
			return nil, false, err
		}
		if winner == nil {
			return nil, false, fmt.Errorf("payment of order %s vanished during a charge", in.OrderID)
		}
		return sameChargeOrFail(winner, in)
	}

	var event events.Envelope
	if status == domain.Succeeded {
		event, err = events.New(events.PaymentSucceeded, in.OrderID, map[string]any{
			"orderId": in.OrderID, "paymentId": id, "amount": in.Amount, "providerReference": result.Reference,
		})
	} else {
		event, err = events.New(events.PaymentFailed, in.OrderID, map[string]any{
			"orderId": in.OrderID, "paymentId": id, "amount": in.Amount, "reason": *reason,
		})
	}
	if err != nil {
		return nil, false, err
	}
	if err := outbox.Enqueue(ctx, tx, event); err != nil {
		return nil, false, err
	}
	payment, err := ByID(ctx, tx, id)
	if err != nil || payment == nil {
		return nil, false, errors.Join(fmt.Errorf("payment %s not found after its insert", id), err)
	}
	return payment, true, nil
}

func sameChargeOrFail(p *Payment, in ChargeInput) (*Payment, bool, error) {
	if !domain.SameCharge(p.CustomerID, p.Amount, in.CustomerID, in.Amount) {
		return nil, false, fmt.Errorf("order %s: %w", in.OrderID, ErrChargeMismatch)
	}
	return p, false, nil
}
