package quota

import (
	"context"
	"errors"
	"fmt"
	"time"

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

// errRefused rolls back an admission's transaction: the day refused a
// request whose minute was already taken.
var errRefused = errors.New("quota: refused")

// admitLocal decides on the database's count in one transaction: each
// window's spend is taken by one statement that checks its limit, so
// instances sharing the database never exceed a budget together.
func (g *Gate) admitLocal(ctx context.Context, now time.Time, w windows) (verdict, error) {
	var v verdict
	err := g.s.db.InTx(ctx, func(tx Tx) error {
		v = verdict{}
		p, err := tx.Paused(ctx, g.name)
		if err != nil {
			return err
		}
		if p.Until.After(now) {
			v = verdict{code: 4, until: p.Until, reason: p.Reason}
			return nil
		}
		_, ok, err := tx.Take(ctx, g.name, spanMinute, w.minute, int64(g.b.PerMinute))
		if err != nil {
			return err
		}
		if !ok {
			v.code = 1
			return nil
		}
		d, ok, err := tx.Take(ctx, g.name, spanDay, w.day, int64(g.dayCap(ctx)))
		if err != nil {
			return err
		}
		v.dayUsed = d
		if !ok {
			v.code = g.dayRefusal(d)
			return errRefused
		}
		return nil
	})
	if errors.Is(err, errRefused) {
		err = nil
	}
	return v, err
}

// dayCap is the most ctx's priority may spend of the day (0: no limit):
// the day's limit of the priority, else the whole day.
func (g *Gate) dayCap(ctx context.Context) int {
	if l := g.dayLimit(ctx); l > 0 {
		return l
	}
	return g.b.PerDay
}

// dayRefusal is the verdict's code when dayUsed refused a request: the
// day is spent, or what is left is the reserve.
func (g *Gate) dayRefusal(dayUsed int64) int {
	if g.b.PerDay > 0 && dayUsed >= int64(g.b.PerDay) {
		return 2
	}
	return 3
}

// Pause refuses every request of the provider until until (on every
// instance sharing Valkey or the database; a later pause wins). reason is
// short: "429", "note".
func (g *Gate) Pause(ctx context.Context, until time.Time, reason string) error {
	if err := g.s.db.Pause(ctx, g.name, until, reason); err != nil {
		return fmt.Errorf("pause %s: %w", g.name, err)
	}
	if d := until.Sub(g.s.now()); d > 0 {
		g.pauseShared(ctx, d, reason)
	}
	return nil
}
