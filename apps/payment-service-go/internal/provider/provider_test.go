package provider

import (
	"context"
	"errors"
	"testing"
	"time"

	"ecommerce.example/payment-service/internal/domain"
)

var eur = domain.Money{Amount: 1999, Currency: "EUR"}

func TestSimulatedChargeOutcomesByToken(t *testing.T) {
	p := NewSimulated(0, 0)
	cases := map[string]ChargeResult{
		"tok_visa":              {Approved: true},
		"tok_chargeDeclined":    {DeclineCode: "card_declined"},
		"tok_insufficientFunds": {DeclineCode: "insufficient_funds"},
		"tok_unknown":           {DeclineCode: "invalid_payment_token"},
	}
	for token, want := range cases {
		got, err := p.Charge(context.Background(), ChargeRequest{IdempotencyKey: "charge:" + token, Amount: eur, PaymentToken: token})
		if err != nil {
			t.Fatalf("%s: %v", token, err)
		}
		if got.Approved != want.Approved || got.DeclineCode != want.DeclineCode || got.Reference == "" {
			t.Errorf("%s: got %+v, want %+v", token, got, want)
		}
	}
	if _, err := p.Charge(context.Background(), ChargeRequest{IdempotencyKey: "x", Amount: eur, PaymentToken: "tok_processingError"}); !errors.Is(err, ErrTransient) {
		t.Errorf("tok_processingError: %v, want a transient error", err)
	}
}

func TestSimulatedChargesAndRefundsOnce(t *testing.T) {
	p := NewSimulated(0, 0)
	request := ChargeRequest{IdempotencyKey: "charge:1", Amount: eur, PaymentToken: "tok_visa", CustomerID: "c"}
	first, _ := p.Charge(context.Background(), request)
	again, _ := p.Charge(context.Background(), request)
	if first != again {
		t.Fatalf("a repeated key gave another charge: %+v, %+v", first, again)
	}
	other := request
	other.Amount.Amount++
	var refused *RequestError
	if _, err := p.Charge(context.Background(), other); !errors.As(err, &refused) || refused.Code != "idempotency_key_reused" {
		t.Fatalf("a reused key with another amount: %v", err)
	}
	refund := RefundRequest{IdempotencyKey: "refund:1", ChargeReference: first.Reference, Amount: eur}
	r1, err := p.Refund(context.Background(), refund)
	if err != nil {
		t.Fatal(err)
	}
	if r2, _ := p.Refund(context.Background(), refund); r2 != r1 {
		t.Fatal("a repeated refund key refunded again")
	}
	refund.IdempotencyKey = "refund:other"
	if _, err := p.Refund(context.Background(), refund); !errors.As(err, &refused) || refused.Code != "charge_already_refunded" {
		t.Fatalf("a second refund of one charge: %v", err)
	}
}

func TestPolicyRetriesTransientErrorsOnly(t *testing.T) {
	policy := Policy{Timeout: time.Second, MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
	calls := 0
	attempts, err := policy.Do(context.Background(), func(context.Context) error {
		calls++
		if calls < 3 {
			return ErrTransient
		}
		return nil
	})
	if err != nil || attempts != 3 {
		t.Fatalf("attempts=%d err=%v, want 3 and success", attempts, err)
	}
	attempts, err = policy.Do(context.Background(), func(context.Context) error { return &RequestError{Code: "no"} })
	if err == nil || attempts != 1 {
		t.Fatalf("a refusal is not retried: attempts=%d err=%v", attempts, err)
	}
	attempts, err = policy.Do(context.Background(), func(context.Context) error { return ErrTransient })
	if !Retryable(err) || attempts != 4 {
		t.Fatalf("gives up after MaxAttempts: attempts=%d err=%v", attempts, err)
	}
}

func TestPolicyTimesOutEachCall(t *testing.T) {
	policy := Policy{Timeout: 10 * time.Millisecond, MaxAttempts: 2}
	attempts, err := policy.Do(context.Background(), func(ctx context.Context) error {
		<-ctx.Done()
		return ctx.Err()
	})
	if attempts != 2 || !Retryable(err) {
		t.Fatalf("attempts=%d err=%v, want 2 timeouts", attempts, err)
	}
}
