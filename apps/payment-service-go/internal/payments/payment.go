// Package payments charges and refunds orders in the caller's transaction, so a Kafka handler's
// inbox row, the payment and its outgoing event commit together; HTTP uses the same functions,
// each in a transaction of its own.
package payments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"ecommerce.example/payment-service/internal/domain"
)

// Payment is one order's charge, as the API shows it.
type Payment struct {
	ID                string        `json:"id"`
	OrderID           string        `json:"orderId"`
	CustomerID        string        `json:"customerId"`
	Amount            domain.Money  `json:"amount"`
	Status            domain.Status `json:"status"`
	ProviderReference *string       `json:"providerReference"`
	FailureReason     *string       `json:"failureReason"`
	Attempts          int           `json:"attempts"`
	CreatedAt         Timestamp     `json:"createdAt"`
	UpdatedAt         Timestamp     `json:"updatedAt"`
	Refund            *Refund       `json:"refund"`
}

// Refund is a payment's full refund.
type Refund struct {
	ID                string       `json:"id"`
	Amount            domain.Money `json:"amount"`
	ProviderReference string       `json:"providerReference"`
	// Restock says whether the order's units went back on hand (a return).
	Restock   bool      `json:"restock"`
	CreatedAt Timestamp `json:"createdAt"`
}

// Timestamp is written as JavaScript's toISOString does (UTC, milliseconds), like every service.
type Timestamp time.Time

// MarshalJSON implements json.Marshaler.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format("2006-01-02T15:04:05.000Z") + `"`), nil
}

// Errors of charging and refunding; the HTTP layer maps them to problems.
var (
	ErrNotFound          = errors.New("no payment for the order")
	ErrNotRefundable     = errors.New("only SUCCEEDED payments are refunded")
	ErrChargeMismatch    = errors.New("the order was charged with a different customer or amount")
	ErrRefundUnavailable = errors.New("payment provider unavailable; nothing was refunded")
)

// Querier is a pool or a transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

const selectPayments = `
	SELECT p.id::text, p.order_id::text, p.customer_id::text, p.amount, p.currency, p.status::text,
	       p.provider_reference, p.failure_reason, p.attempts, p.created_at, p.updated_at,
	       r.id::text, r.amount, r.currency, r.provider_reference, r.restock, r.created_at
	FROM payments p LEFT JOIN refunds r ON r.payment_id = p.id`

func scan(rows pgx.Rows) ([]Payment, error) {
	defer rows.Close()
	var out []Payment
	for rows.Next() {
		var p Payment
		var created, updated time.Time
		var refundID, refundCurrency, refundReference *string
		var refundAmount *int64
		var refundRestock *bool
		var refundCreated *time.Time
		if err := rows.Scan(&p.ID, &p.OrderID, &p.CustomerID, &p.Amount.Amount, &p.Amount.Currency, &p.Status,
			&p.ProviderReference, &p.FailureReason, &p.Attempts, &created, &updated,
			&refundID, &refundAmount, &refundCurrency, &refundReference, &refundRestock, &refundCreated); err != nil {
			return nil, fmt.Errorf("read a payment: %w", err)
		}
		p.CreatedAt, p.UpdatedAt = Timestamp(created), Timestamp(updated)
		if refundID != nil {
			p.Refund = &Refund{
				ID:                *refundID,
				Amount:            domain.Money{Amount: *refundAmount, Currency: *refundCurrency},
				ProviderReference: *refundReference,
				Restock:           *refundRestock,
				CreatedAt:         Timestamp(*refundCreated),
			}
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func one(ctx context.Context, q Querier, where string, arg any) (*Payment, error) {
	rows, err := q.Query(ctx, selectPayments+" WHERE "+where, arg)
	if err != nil {
		return nil, fmt.Errorf("query a payment: %w", err)
	}
	list, err := scan(rows)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

// ByID returns the payment, or nil.
func ByID(ctx context.Context, q Querier, id string) (*Payment, error) {
	return one(ctx, q, "p.id = $1::uuid", id)
}

// ByOrder returns the order's payment, or nil.
func ByOrder(ctx context.Context, q Querier, orderID string) (*Payment, error) {
	return one(ctx, q, "p.order_id = $1::uuid", orderID)
}

// Filter selects payments for a list: an order's, a customer's, at most Limit.
type Filter struct {
	OrderID    string
	CustomerID string
	Limit      int
}

// List returns payments newest first.
func List(ctx context.Context, q Querier, f Filter) ([]Payment, error) {
	rows, err := q.Query(ctx, selectPayments+`
		WHERE ($1 = '' OR p.order_id = NULLIF($1, '')::uuid) AND ($2 = '' OR p.customer_id = NULLIF($2, '')::uuid)
		ORDER BY p.created_at DESC, p.id ASC LIMIT $3`, f.OrderID, f.CustomerID, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	list, err := scan(rows)
	if list == nil {
		list = []Payment{}
	}
	return list, err
}
