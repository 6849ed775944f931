package refresh

import (
	"context"
	"errors"
	"time"

	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/quota"
)

// outcome is what one provider call said of the provider.
type outcome uint8

const (
	answered outcome = iota // the call succeeded (perhaps only in part)
	refused                 // the breaker, the budget or a pause refused it
	unknown                 // the provider does not know the symbols
	failed                  // the provider failed (a bad answer, a timeout)
)

// attempt makes one call of p (do) under the breaker, the priority and
// the timeout, and records what it said: a success or failure on the
// breaker and the stats, a provider's own limit as a pause on its budget.
// partial, when do reports it, says the call answered in part before
// failing: it counts as a failure, and the caller keeps what it got.
func (r *Refresher) attempt(ctx context.Context, p provider.Provider, prio quota.Priority, do func(context.Context) error) outcome {
	b, st := r.breakers[p.Name()], r.stats[p.Name()]
	now := r.o.Now()
	if !b.allow(now) {
		return refused
	}
	cctx, cancel := context.WithTimeout(quota.WithPriority(ctx, prio), r.o.Timeout)
	start := time.Now()
	err := do(cctx)
	latency := time.Since(start)
	cancel()
	r.o.Metrics.Call(p.Name(), kindOf(err), latency)
	var le *provider.LimitedError
	switch {
	case err == nil:
		b.done(now, true)
		st.success(r.o.Now(), latency)
		return answered
	case errors.As(err, &le):
		b.release()
		st.limited(le)
		r.pause(ctx, p.Name(), le)
		return refused
	case errors.Is(err, provider.ErrUnknownSymbol), errors.Is(err, provider.ErrUnsupported), ctx.Err() != nil:
		b.release()
		return unknown
	default:
		b.done(now, false)
		st.failure(r.o.Now(), err)
		return failed
	}
}

// kindOf names the outcome of a call for the metrics: "ok", "limited",
// "unknown", "canceled" or "bad_answer".
func kindOf(err error) string {
	var le *provider.LimitedError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &le):
		return "limited"
	case errors.Is(err, provider.ErrUnknownSymbol), errors.Is(err, provider.ErrUnsupported):
		return "unknown"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	return "bad_answer"
}
