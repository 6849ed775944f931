package refresh

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/quota"
	"github.com/marketpulse/api/internal/tradinghours"
)

// intradayBars is how many intraday bars back the first poll of a
// symbol's intraday bars reaches.
const intradayBars = 100

const day = 24 * time.Hour

// barKey is the key bars are remembered under (a backfill is the first
// daily poll).
func barKey(k jobKey) jobKey {
	if k.kind == jobBackfill {
		k.kind = jobDaily
	}
	return k
}

// dueBars is w's bar poll of kind when one is due at now: the range from
// where the last one ended (or the newest stored bar, or the lookback) to
// the end of the last complete bar. A daily poll from BackfillDays back
// (no stored bar) is a jobBackfill, any other a jobDaily.
func (r *Refresher) dueBars(ctx context.Context, kind jobKind, w Watch, now time.Time) (job, bool) {
	if r.o.IngestBars == nil || len(r.o.BarChains[w.Type]) == 0 {
		return job{}, false
	}
	iv := market.Interval1d
	if kind == jobIntraday {
		if iv = r.o.Intraday; iv == "" {
			return job{}, false
		}
	}
	key := barKey(jobKey{kind: kind, symbol: w.Symbol})
	if now.Before(r.slow.next[key]) {
		return job{}, false
	}
	to := completeBars(w.Type, iv, now)
	from, ok := r.slow.covered[key]
	if !ok {
		var none bool
		from, none, ok = r.barStart(ctx, w.Symbol, iv, to)
		if !ok {
			r.slow.next[key] = now.Add(slowRetry)
			return job{}, false
		}
		r.slow.covered[key] = from
		r.slow.empty[key] = none && iv == market.Interval1d
	}
	if !from.Before(to) || kind != jobIntraday && (kind == jobBackfill) != r.slow.empty[key] {
		return job{}, false
	}
	return job{key: jobKey{kind: kind, symbol: w.Symbol}, typ: w.Type, from: from, to: to}, true
}

// barStart is where the first poll of symbol's bars of iv ending at to
// starts: after the newest stored bar, and at most BackfillDays (daily)
// or intradayBars (intraday) back; none says no bar is stored. ok is
// false when the store could not say.
func (r *Refresher) barStart(ctx context.Context, symbol string, iv market.Interval, to time.Time) (from time.Time, none, ok bool) {
	w := iv.Width()
	from = to.Add(-intradayBars * w)
	if iv == market.Interval1d {
		from = to.Add(-time.Duration(r.o.BackfillDays) * day)
	}
	if r.o.LastBar == nil {
		return from, true, true
	}
	last, err := r.o.LastBar(ctx, symbol, iv)
	if err != nil {
		r.o.Log.Warn("refresh: newest bar", "symbol", symbol, "interval", iv, "err", err)
		return time.Time{}, false, false
	}
	if !last.IsZero() && !last.Add(w).Before(from) {
		from = last.Add(w)
	}
	return from, last.IsZero(), true
}

// completeBars is the end of the last complete bar of iv of an asset type
// at now: the current slot while the market trades (it is not complete),
// the slot the last session ended in after it. A daily bar (a UTC day) is
// complete once the market has closed on that day.
func completeBars(typ string, iv market.Interval, now time.Time) time.Time {
	s := tradinghours.Of(typ)
	if s.Open(now) {
		return now.UTC().Truncate(iv.Width())
	}
	end := s.LastTraded(now).Add(time.Nanosecond).UTC()
	if iv == market.Interval1d {
		return end.Add(-time.Nanosecond).Truncate(day).Add(day)
	}
	return end.Truncate(iv.Width())
}

// BarsResult is what a bar poll or a backfill wrote.
type BarsResult struct {
	Provider string    // who answered; "": nobody
	From, To time.Time // the range asked, [From, To)
	Bars     int       // bars the provider returned
	market.IngestResult
}

// ErrNoBars says no provider of the asset type's bar chain answered.
var ErrNoBars = errors.New("refresh: no provider answered for the bars")

// pollBars asks the bar chain of j's type for j's range, at Background
// priority, and ingests what the first provider to answer returned.
func (r *Refresher) pollBars(ctx context.Context, j job) (BarsResult, bool) {
	iv := market.Interval1d
	if j.key.kind == jobIntraday {
		iv = r.o.Intraday
	}
	res, err := r.fetchBars(ctx, quota.Background, j.typ, j.key.symbol, iv, j.from, j.to)
	if err != nil && !errors.Is(err, ErrNoBars) {
		r.o.Log.Warn("refresh: bars", "symbol", j.key.symbol, "interval", iv, "err", err)
	}
	return res, res.Provider != ""
}

// fetchBars asks each provider of typ's bar chain in turn for symbol's
// bars of iv in [from, to) and ingests the answer of the first that
// answers. Result.Provider is empty when none did (ErrNoBars).
func (r *Refresher) fetchBars(ctx context.Context, prio quota.Priority, typ, symbol string, iv market.Interval, from, to time.Time) (BarsResult, error) {
	for _, p := range r.o.BarChains[typ] {
		if ctx.Err() != nil {
			return BarsResult{From: from, To: to}, ctx.Err()
		}
		if !p.Supports(typ) || !p.Capabilities().Has(provider.CapBars) {
			continue
		}
		var bars []market.Bar
		out := r.attempt(ctx, p, prio, func(ctx context.Context) error {
			var err error
			bars, err = p.Bars(ctx, symbol, iv, from, to)
			return err
		})
		if out != answered {
			continue
		}
		res := BarsResult{Provider: p.Name(), From: from, To: to, Bars: len(bars)}
		if len(bars) == 0 {
			return res, nil
		}
		ir, err := r.o.IngestBars.IngestBars(ctx, symbol, iv, bars)
		res.IngestResult = ir
		if err != nil {
			return res, fmt.Errorf("ingest %d bars of %s from %s: %w", len(bars), symbol, p.Name(), err)
		}
		return res, nil
	}
	return BarsResult{From: from, To: to}, ErrNoBars
}

// Backfill fetches the daily bars of symbol (of asset type typ) from from
// to the last complete day through the bar chain, within the providers'
// budgets (at Demand priority: someone asked), and ingests them through
// the market domain. It does not need Start.
func (r *Refresher) Backfill(ctx context.Context, symbol, typ string, from time.Time) (BarsResult, error) {
	if r.o.IngestBars == nil {
		return BarsResult{}, errors.New("refresh: no bar ingestion configured")
	}
	to := completeBars(typ, market.Interval1d, r.o.Now())
	from = from.UTC().Truncate(day)
	if !from.Before(to) {
		return BarsResult{From: from, To: to}, fmt.Errorf("refresh: backfill from %s: no complete day since", from.Format(time.DateOnly))
	}
	return r.fetchBars(ctx, quota.Demand, typ, symbol, market.Interval1d, from, to)
}
