// Package domain holds payment-service's business rules: pure functions, no I/O.
package domain

import (
	"fmt"
	"strings"
)

// Status of a payment: charged, not charged, or charged and then refunded in full.
type Status string

const (
	Succeeded Status = "SUCCEEDED"
	Failed    Status = "FAILED"
	Refunded  Status = "REFUNDED"
)

// FailureReason is why a charge left nothing charged; the reasons of payment.failed.
type FailureReason string

const (
	Declined            FailureReason = "declined"
	InsufficientFunds   FailureReason = "insufficient_funds"
	ProviderUnavailable FailureReason = "provider_unavailable"
)

// Money is integer minor units of an ISO 4217 currency.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// FailureReasonFor maps a provider's decline code to the reason the saga knows.
func FailureReasonFor(declineCode string) FailureReason {
	if declineCode == "insufficient_funds" {
		return InsufficientFunds
	}
	return Declined
}

// RefundDecision says what a refund of a payment in this status does.
type RefundDecision int

const (
	Refund RefundDecision = iota
	AlreadyRefunded
	NotRefundable
)

// DecideRefund: only a successful charge is refunded; a refunded one returns its refund.
func DecideRefund(status Status) RefundDecision {
	switch status {
	case Succeeded:
		return Refund
	case Refunded:
		return AlreadyRefunded
	default:
		return NotRefundable
	}
}

// SameCharge reports whether a stored payment is the charge requested again.
func SameCharge(storedCustomer string, stored Money, customer string, requested Money) bool {
	return storedCustomer == customer && stored == requested
}

// TokenSettings decides which provider token a charge uses when none comes with it.
type TokenSettings struct {
	DefaultToken   string
	CustomerTokens map[string]string
}

// TokenFor: the token given with the charge, else the customer's configured one, else the default.
func (s TokenSettings) TokenFor(customerID, given string) string {
	if given != "" {
		return given
	}
	if token, ok := s.CustomerTokens[strings.ToLower(customerID)]; ok {
		return token
	}
	return s.DefaultToken
}

// ParseCustomerTokens reads comma-separated customer-id=tok_... pairs.
func ParseCustomerTokens(text string) (map[string]string, error) {
	tokens := map[string]string{}
	for _, pair := range strings.Split(text, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		customer, token, ok := strings.Cut(pair, "=")
		if !ok || customer == "" || token == "" {
			return nil, fmt.Errorf("not a customer-id=token pair: %q", pair)
		}
		tokens[strings.ToLower(customer)] = token
	}
	return tokens, nil
}
