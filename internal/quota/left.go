package quota

import (
	"context"
	"errors"
	"time"

	"github.com/valkey-io/valkey-go"
)

// Left is what remains of a budget's windows now. A window without a
// limit has a zero Per and Left.
type Left struct {
	PerMinute, MinuteLeft int
	PerDay, DayLeft       int
	MinuteEnds, DayEnds   time.Time
}

// Left reads what remains of both windows: from the shared count when
// Valkey answers, else from the local one (which, behind Valkey, holds the
// day's shared spend but only this instance's fallback minute spends).
func (g *Gate) Left(ctx context.Context) (Left, error) {
	now := g.s.now()
	w := windowsAt(now)
	m, d, err := g.usedShared(ctx, w)
	if err != nil {
		m, d, err = g.usedLocal(ctx, w)
		if err != nil {
			return Left{}, err
		}
	}
	l := Left{PerMinute: g.b.PerMinute, PerDay: g.b.PerDay, MinuteEnds: w.minuteEnd, DayEnds: w.dayEnd}
	if l.PerMinute > 0 {
		l.MinuteLeft = max(0, l.PerMinute-int(m))
	}
	if l.PerDay > 0 {
		l.DayLeft = max(0, l.PerDay-int(d))
	}
	return l, nil
}

// usedShared is the spend of both windows in Valkey.
func (g *Gate) usedShared(ctx context.Context, w windows) (minute, day int64, _ error) {
	if g.s.vk == nil {
		return 0, 0, errNoShared
	}
	vctx, cancel := context.WithTimeout(ctx, valkeyTimeout)
	defer cancel()
	k := g.keys(w)
	vals, err := g.s.vk.Do(vctx, g.s.vk.B().Mget().Key(k[1], k[2]).Build()).ToArray()
	if err != nil || len(vals) != 2 {
		return 0, 0, errors.Join(errNoShared, err)
	}
	n := func(v valkey.ValkeyMessage) int64 {
		i, err := v.AsInt64()
		if err != nil { // nil: nothing spent in the window
			return 0
		}
		return i
	}
	return n(vals[0]), n(vals[1]), nil
}

// usedLocal is the spend of both windows in the database.
func (g *Gate) usedLocal(ctx context.Context, w windows) (minute, day int64, err error) {
	if minute, err = g.s.db.Spent(ctx, g.name, spanMinute, w.minute); err != nil {
		return 0, 0, err
	}
	day, err = g.s.db.Spent(ctx, g.name, spanDay, w.day)
	return minute, day, err
}
