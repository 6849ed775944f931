package market

import (
	"context"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/representation"
)

// History ranges, in intervals.
const (
	DefaultHistoryBars = 500
	MaxHistoryBars     = 5000
)

// Interval is the width of a price bar.
type Interval string

// The intervals of price bars.
const (
	Interval1m Interval = "1m"
	Interval5m Interval = "5m"
	Interval1h Interval = "1h"
	Interval1d Interval = "1d"
)

// Width is the duration of a bar of i (a day for anything unknown).
func (i Interval) Width() time.Duration {
	switch i {
	case Interval1m:
		return time.Minute
	case Interval5m:
		return 5 * time.Minute
	case Interval1h:
		return time.Hour
	default:
		return 24 * time.Hour
	}
}

// Bar is one OHLCV price bar starting at Ts.
type Bar struct {
	Ts     time.Time `json:"ts"`
	Open   float64   `json:"open"`
	High   float64   `json:"high"`
	Low    float64   `json:"low"`
	Close  float64   `json:"close"`
	Volume int64     `json:"volume"`
}

// History is the bars of an asset in [From, To), oldest first. The JSON
// form is the one the history namespace keeps in L2.
type History struct {
	Symbol   string    `json:"symbol"`
	Interval Interval  `json:"interval"`
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	Bars     []Bar     `json:"bars"`
}

// CachedHistory is a history as the history namespace holds it, with the
// slot of its encoded form (see CachedAsset).
type CachedHistory struct {
	History History             `json:"history"`
	Rep     representation.Memo `json:"-"`
}

// HistoryQuery selects a range of bars. Nil bounds take their defaults: To
// the next interval boundary after now (so the range is the same for a
// whole interval and caches), From DefaultHistoryBars intervals before To.
type HistoryQuery struct {
	Symbol   string
	Interval Interval // "": Interval1d
	From, To *time.Time
}

// History reads a range of bars of an asset through the history namespace.
// A range that is empty, wider than MaxHistoryBars intervals or before year
// 1 is an Invalid error at fields "from" (and "to"); an unknown symbol is
// NotFound. The tier says which cache tier answered with the bars.
func (s *Service) History(ctx context.Context, q HistoryQuery) (*CachedHistory, cache.Tier, error) {
	if q.Interval == "" {
		q.Interval = Interval1d
	}
	from, to, err := historyRange(q.Interval.Width(), q.From, q.To, time.Now())
	if err != nil {
		return nil, cache.TierOrigin, err
	}
	if _, _, err := s.asset(ctx, q.Symbol); err != nil {
		return nil, cache.TierOrigin, err
	}
	symbol, interval := q.Symbol, q.Interval
	key := symbol + "|" + string(interval) + "|" + from.Format(time.RFC3339Nano) + "|" + to.Format(time.RFC3339Nano)
	return s.history.Get(ctx, key, func(ctx context.Context) (*CachedHistory, error) {
		bars, err := s.storage.Bars(ctx, symbol, interval, from, to, MaxHistoryBars)
		if err != nil {
			return nil, err
		}
		return &CachedHistory{History: History{Symbol: symbol, Interval: interval, From: from, To: to, Bars: bars}}, nil
	}, cache.WithTags(SymbolTag(symbol), HistoryTag(symbol)))
}

// historyRange resolves the range [from, to) of bars of width d: to
// defaults to now rounded up to a multiple of d, from to DefaultHistoryBars
// intervals before to.
func historyRange(d time.Duration, qFrom, qTo *time.Time, now time.Time) (from, to time.Time, _ error) {
	to = now.UTC().Truncate(d)
	if to.Before(now) {
		to = to.Add(d)
	}
	if qTo != nil {
		to = qTo.UTC()
	}
	from = to.Add(-DefaultHistoryBars * d)
	if qFrom != nil {
		from = qFrom.UTC()
	}
	switch {
	case !from.Before(to):
		e := apperr.New(apperr.Invalid, "invalid_range", "from must be before to")
		e.Fields = []apperr.FieldError{{Path: "from", Message: "must be before to (" + to.Format(time.RFC3339Nano) + ")"}}
		return from, to, e
	case to.Sub(from) > MaxHistoryBars*d: // Sub saturates: no overflow
		e := apperr.New(apperr.Invalid, "range_too_large", "the range spans more than %d intervals", MaxHistoryBars)
		msg := "from and to may be at most " + (MaxHistoryBars * d).String() + " apart"
		e.Fields = []apperr.FieldError{{Path: "from", Message: msg}, {Path: "to", Message: msg}}
		return from, to, e
	case from.Year() < 1:
		e := apperr.New(apperr.Invalid, "invalid_range", "the range starts before year 1")
		e.Fields = []apperr.FieldError{{Path: "from", Message: "must be in year 1 or later"}}
		return from, to, e
	}
	return from, to, nil
}
