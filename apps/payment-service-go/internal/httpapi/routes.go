package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"ecommerce.example/payment-service/internal/auth"
	"ecommerce.example/payment-service/internal/domain"
	"ecommerce.example/payment-service/internal/payments"
	"ecommerce.example/payment-service/internal/provider"
)

type chargeBody struct {
	OrderID      string       `json:"orderId"`
	CustomerID   string       `json:"customerId"`
	Amount       domain.Money `json:"amount"`
	PaymentToken string       `json:"paymentToken"`
}

// refundBody is POST /payments/{orderId}/refund's body; it may be left out (no restock).
type refundBody struct {
	Restock bool `json:"restock"`
}

type paymentRoutes struct {
	pool    *pgxpool.Pool
	service *payments.Service
	bodies  map[string]*jsonschema.Schema
	// beginTx opens a transaction that may stay open during provider calls.
	beginTx func(ctx context.Context) (pgx.Tx, error)
}

func (p *paymentRoutes) list(w http.ResponseWriter, r *http.Request) {
	orderID, limit, bad := listQuery(r)
	if bad != nil {
		writeProblem(w, r, *bad)
		return
	}
	identity, _ := auth.From(r.Context())
	filter := payments.Filter{OrderID: orderID, Limit: limit}
	if !identity.IsAdmin() {
		// Someone else's order yields an empty list, the same as an order without payment.
		filter.CustomerID = identity.UserID
	}
	list, err := payments.List(r.Context(), p.pool, filter)
	if err != nil {
		writeError(w, r, err, "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (p *paymentRoutes) get(w http.ResponseWriter, r *http.Request) {
	id, bad := uuidParam(r, "paymentId")
	if bad != nil {
		writeProblem(w, r, *bad)
		return
	}
	identity, _ := auth.From(r.Context())
	payment, err := payments.ByID(r.Context(), p.pool, id)
	if err != nil {
		writeError(w, r, err, "")
		return
	}
	if payment == nil || !identity.OwnerOrAdmin(payment.CustomerID) {
		writeProblem(w, r, problem(http.StatusNotFound, "Payment not found", "No payment "+id))
		return
	}
	writeJSON(w, http.StatusOK, payment)
}

// inTx runs fn in a transaction of its own and commits it when fn succeeds.
func (p *paymentRoutes) inTx(ctx context.Context, fn func(tx pgx.Tx) (*payments.Payment, bool, error)) (*payments.Payment, bool, error) {
	tx, err := p.beginTx(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // a no-op after Commit
	payment, created, err := fn(tx)
	if err != nil {
		return nil, false, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, false, fmt.Errorf("commit: %w", err)
	}
	return payment, created, nil
}

func (p *paymentRoutes) charge(w http.ResponseWriter, r *http.Request) {
	var body chargeBody
	if bad := decodeBody(w, r, p.bodies["POST /payments"], &body); bad != nil {
		writeProblem(w, r, *bad)
		return
	}
	payment, created, err := p.inTx(r.Context(), func(tx pgx.Tx) (*payments.Payment, bool, error) {
		return p.service.Charge(r.Context(), tx, payments.ChargeInput{
			OrderID: body.OrderID, CustomerID: body.CustomerID, Amount: body.Amount, PaymentToken: body.PaymentToken,
		})
	})
	if err != nil {
		writeError(w, r, err, body.OrderID)
		return
	}
	writeJSON(w, createdOrOK(created), payment)
}

func (p *paymentRoutes) refund(w http.ResponseWriter, r *http.Request) {
	orderID, bad := uuidParam(r, "orderId")
	if bad != nil {
		writeProblem(w, r, *bad)
		return
	}
	var body refundBody
	if hasBody(r) {
		if bad := decodeBody(w, r, p.bodies["POST /payments/{orderId}/refund"], &body); bad != nil {
			writeProblem(w, r, *bad)
			return
		}
	}
	payment, created, err := p.inTx(r.Context(), func(tx pgx.Tx) (*payments.Payment, bool, error) {
		return p.service.Refund(r.Context(), tx, orderID, body.Restock)
	})
	if err != nil {
		writeError(w, r, err, orderID)
		return
	}
	writeJSON(w, createdOrOK(created), payment)
}

func createdOrOK(created bool) int {
	if created {
		return http.StatusCreated
	}
	return http.StatusOK
}

// writeError maps the payments' errors to problems; anything else is a 500 without details.
func writeError(w http.ResponseWriter, r *http.Request, err error, orderID string) {
	var refused *provider.RequestError
	switch {
	case errors.Is(err, payments.ErrNotFound):
		writeProblem(w, r, problem(http.StatusNotFound, "Payment not found", "No payment for order "+orderID))
	case errors.Is(err, payments.ErrNotRefundable):
		writeProblem(w, r, problem(http.StatusConflict, "Payment not refundable", "The payment of order "+orderID+" is not SUCCEEDED; only SUCCEEDED payments are refunded"))
	case errors.Is(err, payments.ErrChargeMismatch):
		writeProblem(w, r, problem(http.StatusConflict, "Order already charged", "Order "+orderID+" was charged with a different customer or amount"))
	case errors.As(err, &refused):
		writeProblem(w, r, problem(http.StatusConflict, "Payment provider refused the request", refused.Error()))
	case errors.Is(err, payments.ErrRefundUnavailable):
		writeProblem(w, r, problem(http.StatusServiceUnavailable, "Payment provider unavailable", "Nothing was refunded; try again later"))
	default:
		loggerFrom(r.Context()).ErrorContext(r.Context(), "request failed", "err", err)
		writeProblem(w, r, problem(http.StatusInternalServerError, "Internal Server Error", "Something went wrong"))
	}
}
