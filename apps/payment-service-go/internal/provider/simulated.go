package provider

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/google/uuid"
)

type tokenBehaviour struct {
	approved    bool
	transient   bool
	declineCode string
}

// TestTokens are the simulated provider's cards, as documented in the README.
var testTokens = map[string]tokenBehaviour{
	"tok_visa":              {approved: true},
	"tok_mastercard":        {approved: true},
	"tok_chargeDeclined":    {declineCode: "card_declined"},
	"tok_insufficientFunds": {declineCode: "insufficient_funds"},
	"tok_processingError":   {transient: true},
}

type simulatedCharge struct {
	request ChargeRequest
	result  ChargeResult
}

type simulatedRefund struct {
	request   RefundRequest
	reference string
}

// Simulated is a provider kept in memory for the life of the process, with a latency per call
// and a share of calls that fail transiently before doing anything.
type Simulated struct {
	Latency     time.Duration
	FailureRate float64
	// Random returns a number in [0, 1); tests pass a seeded one.
	Random func() float64

	mu          sync.Mutex
	charges     map[string]simulatedCharge
	byReference map[string]simulatedCharge
	refunds     map[string]simulatedRefund
	refunded    map[string]bool
}

// NewSimulated returns an empty simulated provider.
func NewSimulated(latency time.Duration, failureRate float64) *Simulated {
	return &Simulated{
		Latency:     latency,
		FailureRate: failureRate,
		Random:      rand.Float64,
		charges:     map[string]simulatedCharge{},
		byReference: map[string]simulatedCharge{},
		refunds:     map[string]simulatedRefund{},
		refunded:    map[string]bool{},
	}
}

func (p *Simulated) enter(ctx context.Context) error {
	if p.Latency > 0 {
		timer := time.NewTimer(p.Latency)
		defer timer.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		}
	}
	if p.FailureRate > 0 && p.Random() < p.FailureRate {
		return fmt.Errorf("simulated provider: %w", ErrTransient)
	}
	return nil
}

// Charge implements Provider.
func (p *Simulated) Charge(ctx context.Context, request ChargeRequest) (ChargeResult, error) {
	if err := p.enter(ctx); err != nil {
		return ChargeResult{}, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if previous, ok := p.charges[request.IdempotencyKey]; ok {
		if previous.request != request {
			return ChargeResult{}, &RequestError{Code: "idempotency_key_reused", Message: fmt.Sprintf("idempotency key %s was used for a different charge", request.IdempotencyKey)}
		}
		return previous.result, nil
	}
	behaviour, known := testTokens[request.PaymentToken]
	if behaviour.transient {
		return ChargeResult{}, fmt.Errorf("simulated provider: processing error: %w", ErrTransient)
	}
	result := ChargeResult{Reference: "ch_sim_" + uuid.NewString()}
	switch {
	case !known:
		result.DeclineCode = "invalid_payment_token"
	case behaviour.approved:
		result.Approved = true
	default:
		result.DeclineCode = behaviour.declineCode
	}
	charge := simulatedCharge{request: request, result: result}
	p.charges[request.IdempotencyKey] = charge
	p.byReference[result.Reference] = charge
	return result, nil
}

// Refund implements Provider: a full refund of an approved charge, at most once.
func (p *Simulated) Refund(ctx context.Context, request RefundRequest) (string, error) {
	if err := p.enter(ctx); err != nil {
		return "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if previous, ok := p.refunds[request.IdempotencyKey]; ok {
		if previous.request != request {
			return "", &RequestError{Code: "idempotency_key_reused", Message: fmt.Sprintf("idempotency key %s was used for a different refund", request.IdempotencyKey)}
		}
		return previous.reference, nil
	}
	charge, ok := p.byReference[request.ChargeReference]
	if !ok || !charge.result.Approved {
		return "", &RequestError{Code: "charge_not_found", Message: "no approved charge " + request.ChargeReference}
	}
	if p.refunded[request.ChargeReference] {
		return "", &RequestError{Code: "charge_already_refunded", Message: "charge " + request.ChargeReference + " was already refunded"}
	}
	if charge.request.Amount != request.Amount {
		return "", &RequestError{Code: "amount_mismatch", Message: "only full refunds of the charged amount are supported"}
	}
	reference := "re_sim_" + uuid.NewString()
	p.refunds[request.IdempotencyKey] = simulatedRefund{request: request, reference: reference}
	p.refunded[request.ChargeReference] = true
	return reference, nil
}
