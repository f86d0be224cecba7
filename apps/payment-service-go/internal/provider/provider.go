// Package provider is the payment provider payment-service charges: its interface, the
// simulated implementation with deterministic outcomes by token, and the retry policy around it.
package provider

import (
	"context"
	"errors"
	"fmt"

	"ecommerce.example/payment-service/internal/domain"
)

// ChargeRequest is one charge; the idempotency key makes repeats return the first result.
type ChargeRequest struct {
	IdempotencyKey string
	Amount         domain.Money
	PaymentToken   string
	CustomerID     string
}

// ChargeResult is the provider's answer: approved, or declined with a code.
type ChargeResult struct {
	Approved    bool
	Reference   string
	DeclineCode string
}

// RefundRequest refunds a charge in full.
type RefundRequest struct {
	IdempotencyKey  string
	ChargeReference string
	Amount          domain.Money
}

// Provider charges and refunds. Implementations honour idempotency keys and return an error
// wrapping ErrTransient only when they did not act on the request.
type Provider interface {
	Charge(ctx context.Context, request ChargeRequest) (ChargeResult, error)
	Refund(ctx context.Context, request RefundRequest) (reference string, err error)
}

// ErrTransient marks a failure worth retrying: the provider did nothing.
var ErrTransient = errors.New("payment provider temporarily unavailable")

// RequestError is a refusal of the request itself (a reused key, a refund of nothing); never retried.
type RequestError struct {
	Code    string
	Message string
}

func (e *RequestError) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }
