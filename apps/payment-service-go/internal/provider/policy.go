package provider

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// Policy retries transient provider failures and timeouts with full-jitter back-off, each
// attempt within its own timeout. Retrying is safe because every attempt carries the same
// idempotency key.
type Policy struct {
	Timeout     time.Duration
	MaxAttempts int
	BaseDelay   time.Duration
	MaxDelay    time.Duration
	Random      func() float64
	// OnRetry is told about each failed attempt that will be retried.
	OnRetry func(attempt int, err error)
}

// Budget is the longest the policy can take: every attempt's timeout and the longest back-off.
func (p Policy) Budget() time.Duration {
	return time.Duration(p.MaxAttempts) * (p.Timeout + p.MaxDelay)
}

// Retryable reports whether an error means the provider did not act and may be asked again.
func Retryable(err error) bool {
	return errors.Is(err, ErrTransient) || errors.Is(err, context.DeadlineExceeded)
}

// Do calls fn until it succeeds, fails for good, or the attempts are used; it returns the
// number of calls made and the last error.
func (p Policy) Do(ctx context.Context, fn func(context.Context) error) (int, error) {
	random := p.Random
	if random == nil {
		random = rand.Float64
	}
	for attempt := 1; ; attempt++ {
		callCtx, cancel := context.WithTimeout(ctx, p.Timeout)
		err := fn(callCtx)
		timedOut := callCtx.Err() != nil && ctx.Err() == nil
		cancel()
		if err == nil {
			return attempt, nil
		}
		if timedOut && !errors.Is(err, context.DeadlineExceeded) {
			err = errors.Join(err, context.DeadlineExceeded)
		}
		if !Retryable(err) || attempt >= p.MaxAttempts || ctx.Err() != nil {
			return attempt, err
		}
		if p.OnRetry != nil {
			p.OnRetry(attempt, err)
		}
		ceiling := min(p.MaxDelay, p.BaseDelay*time.Duration(1<<(attempt-1)))
		delay := time.Duration(random() * float64(ceiling))
		select {
		case <-ctx.Done():
			return attempt, errors.Join(err, ctx.Err())
		case <-time.After(delay):
		}
	}
}
