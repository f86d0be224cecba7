// Package handlers is payment-service's part of the saga: what it does with the events it reads.
package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"ecommerce.example/payment-service/internal/consumer"
	"ecommerce.example/payment-service/internal/domain"
	"ecommerce.example/payment-service/internal/events"
	"ecommerce.example/payment-service/internal/payments"
)

type inventoryReserved struct {
	OrderID    string       `json:"orderId"`
	CustomerID string       `json:"customerId"`
	Total      domain.Money `json:"total"`
}

type orderCancelled struct {
	OrderID string `json:"orderId"`
	Reason  string `json:"reason"`
}

// For returns the handler of each event type payment-service consumes.
func For(service *payments.Service) map[string]consumer.Handler {
	return map[string]consumer.Handler{
		events.InventoryReserved: onInventoryReserved(service),
		events.OrderCancelled:    onOrderCancelled(service),
	}
}

// onInventoryReserved charges the order's total once; Charge enqueues payment.succeeded or
// payment.failed with the payment. An order already cancelled (deadline, customer) is not
// charged at all.
func onInventoryReserved(service *payments.Service) consumer.Handler {
	return func(ctx context.Context, tx pgx.Tx, event events.Envelope) error {
		var data inventoryReserved
		if err := json.Unmarshal(event.Data, &data); err != nil {
			return fmt.Errorf("%w: %w", consumer.ErrNonRetryable, err)
		}
		if err := payments.LockOrder(ctx, tx, data.OrderID); err != nil {
			return err
		}
		cancelled, err := payments.IsCancelled(ctx, tx, data.OrderID)
		if err != nil || cancelled {
			return err
		}
		_, _, err = service.Charge(ctx, tx, payments.ChargeInput{
			OrderID: data.OrderID, CustomerID: data.CustomerID, Amount: data.Total,
		})
		return err
	}
}

// onOrderCancelled remembers the cancellation, so a later inventory.reserved never charges, and
// refunds the order's charge if there is one (compensation). A provider that stays unavailable
// fails the handler: the consumer retries, then dead-letters, and the refund is owed.
func onOrderCancelled(service *payments.Service) consumer.Handler {
	return func(ctx context.Context, tx pgx.Tx, event events.Envelope) error {
		var data orderCancelled
		if err := json.Unmarshal(event.Data, &data); err != nil {
			return fmt.Errorf("%w: %w", consumer.ErrNonRetryable, err)
		}
		if err := payments.LockOrder(ctx, tx, data.OrderID); err != nil {
			return err
		}
		if err := payments.RecordCancellation(ctx, tx, data.OrderID, data.Reason); err != nil {
			return err
		}
		// The stock of a cancelled order is released, never taken: nothing goes back on hand.
		_, _, err := service.Refund(ctx, tx, data.OrderID, false)
		if errors.Is(err, payments.ErrNotFound) || errors.Is(err, payments.ErrNotRefundable) {
			return nil // nothing was charged: nothing to give back
		}
		return err
	}
}
