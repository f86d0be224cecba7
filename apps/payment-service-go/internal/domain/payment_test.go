package domain

import "testing"

func TestFailureReasonFor(t *testing.T) {
	cases := map[string]FailureReason{
		"insufficient_funds":    InsufficientFunds,
		"card_declined":         Declined,
		"invalid_payment_token": Declined,
	}
	for code, want := range cases {
		if got := FailureReasonFor(code); got != want {
			t.Errorf("FailureReasonFor(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestDecideRefund(t *testing.T) {
	if DecideRefund(Succeeded) != Refund || DecideRefund(Refunded) != AlreadyRefunded || DecideRefund(Failed) != NotRefundable {
		t.Fatal("only SUCCEEDED is refunded, REFUNDED returns its refund, FAILED is not refundable")
	}
}

func TestSameCharge(t *testing.T) {
	eur := Money{Amount: 100, Currency: "EUR"}
	if !SameCharge("a", eur, "a", eur) {
		t.Error("the same customer and amount is the same charge")
	}
	if SameCharge("a", eur, "b", eur) || SameCharge("a", eur, "a", Money{Amount: 101, Currency: "EUR"}) {
		t.Error("another customer or amount is another charge")
	}
}

func TestTokenFor(t *testing.T) {
	tokens, err := ParseCustomerTokens("443A6AD5-6554-52d7-8add-98c8d052b2c4=tok_chargeDeclined, ")
	if err != nil {
		t.Fatal(err)
	}
	s := TokenSettings{DefaultToken: "tok_visa", CustomerTokens: tokens}
	if got := s.TokenFor("443a6ad5-6554-52d7-8add-98c8d052b2c4", ""); got != "tok_chargeDeclined" {
		t.Errorf("customer token = %q", got)
	}
	if got := s.TokenFor("443a6ad5-6554-52d7-8add-98c8d052b2c4", "tok_mastercard"); got != "tok_mastercard" {
		t.Errorf("given token = %q", got)
	}
	if got := s.TokenFor("00000000-0000-4000-8000-000000000000", ""); got != "tok_visa" {
		t.Errorf("default token = %q", got)
	}
	if _, err := ParseCustomerTokens("nonsense"); err == nil {
		t.Error("a pair without = is refused")
	}
}
