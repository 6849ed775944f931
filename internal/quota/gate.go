package quota

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/provider"
)

// The spans of a budget, as stored.
const (
	spanMinute = "minute"
	spanDay    = "day"
)

// Gate is one provider's budget. It implements provider.Gate and is safe
// for concurrent use.
type Gate struct {
	s    *Store
	name string
	b    Budget
}

var _ provider.Gate = (*Gate)(nil)

// verdict is the answer of one admission.
type verdict struct {
	code    int // 0 admitted; 1 minute spent; 2 day spent; 3 reserve; 4 paused
	dayUsed int64
	until   time.Time // paused until
	reason  string
}

// Admit spends one request of both windows when both have room (and the
// reserve allows ctx's priority) and the provider is not paused; otherwise
// it returns a *provider.LimitedError saying until when.
func (g *Gate) Admit(ctx context.Context) error {
	now := g.s.now()
	w := windowsAt(now)
	v, err := g.admitShared(ctx, now, w)
	if err != nil {
		if g.s.vk != nil {
			g.s.log.Warn("quota: shared budget unavailable, using the local count", "provider", g.name, "err", err)
		}
		v, err = g.admitLocal(ctx, now, w)
		if err != nil {
			return fmt.Errorf("quota of %s: %w", g.name, err)
		}
	}
	return g.refusal(v, w)
}

// refusal is the error of a verdict (nil when admitted).
func (g *Gate) refusal(v verdict, w windows) error {
	switch v.code {
	case 0:
		return nil
	case 1:
		return &provider.LimitedError{Provider: g.name, Until: w.minuteEnd, Reason: "budget:minute"}
	case 2:
		return &provider.LimitedError{Provider: g.name, Until: w.dayEnd, Reason: "budget:day"}
	case 3:
		return &provider.LimitedError{Provider: g.name, Until: w.dayEnd, Reason: "budget:reserve"}
	default:
		return &provider.LimitedError{Provider: g.name, Until: v.until, Reason: "paused:" + v.reason}
	}
}

// dayLimit is the day's limit for ctx's priority (0: none).
func (g *Gate) dayLimit(ctx context.Context) int {
	if PriorityOf(ctx) == Demand {
		return g.b.PerDay
	}
	return g.b.backgroundDay()
}

// admitLocal decides on the SQLite count in one transaction.
func (g *Gate) admitLocal(ctx context.Context, now time.Time, w windows) (verdict, error) {
	var v verdict
	err := g.s.db.InTx(ctx, func(q *db.Queries) error {
		p, err := q.GetProviderPause(ctx, g.name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if until := time.UnixMilli(p.UntilMs); err == nil && until.After(now) {
			v = verdict{code: 4, until: until, reason: p.Reason}
			return nil
		}
		m, err := g.used(ctx, q, spanMinute, w.minute)
		if err != nil {
			return err
		}
		d, err := g.used(ctx, q, spanDay, w.day)
		if err != nil {
			return err
		}
		v = g.decide(ctx, m, d)
		if v.code != 0 {
			return nil
		}
		v.dayUsed = d + 1
		return g.record(ctx, q, w, m+1, d+1)
	})
	return v, err
}

// decide compares the spends of the windows with the budget.
func (g *Gate) decide(ctx context.Context, minuteUsed, dayUsed int64) verdict {
	switch {
	case g.b.PerMinute > 0 && minuteUsed >= int64(g.b.PerMinute):
		return verdict{code: 1, dayUsed: dayUsed}
	case g.b.PerDay > 0 && dayUsed >= int64(g.b.PerDay):
		return verdict{code: 2, dayUsed: dayUsed}
	case g.dayLimit(ctx) > 0 && dayUsed >= int64(g.dayLimit(ctx)):
		return verdict{code: 3, dayUsed: dayUsed}
	}
	return verdict{dayUsed: dayUsed}
}

// used is the spend of the window of span starting at start (0 when the
// stored one is an older window).
func (g *Gate) used(ctx context.Context, q *db.Queries, span string, start int64) (int64, error) {
	r, err := q.GetProviderQuota(ctx, db.GetProviderQuotaParams{Provider: g.name, Span: span})
	if errors.Is(err, sql.ErrNoRows) || (err == nil && r.WindowStart != start) {
		return 0, nil
	}
	return r.Used, err
}

// record stores the spends of both windows.
func (g *Gate) record(ctx context.Context, q *db.Queries, w windows, minuteUsed, dayUsed int64) error {
	err := q.SetProviderQuota(ctx, db.SetProviderQuotaParams{Provider: g.name, Span: spanMinute, WindowStart: w.minute, Used: minuteUsed})
	if err != nil {
		return err
	}
	return q.SetProviderQuota(ctx, db.SetProviderQuotaParams{Provider: g.name, Span: spanDay, WindowStart: w.day, Used: dayUsed})
}

// Pause refuses every request of the provider until until (on every
// instance when Valkey is configured; a later pause wins). reason is short:
// "429", "note".
func (g *Gate) Pause(ctx context.Context, until time.Time, reason string) error {
	err := g.s.db.InTx(ctx, func(q *db.Queries) error {
		return q.PauseProvider(ctx, db.PauseProviderParams{Provider: g.name, UntilMs: until.UnixMilli(), Reason: reason})
	})
	if err != nil {
		return fmt.Errorf("pause %s: %w", g.name, err)
	}
	if d := until.Sub(g.s.now()); d > 0 {
		g.pauseShared(ctx, d, reason)
	}
	return nil
}
