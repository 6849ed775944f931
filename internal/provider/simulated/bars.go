package simulated

import (
	"context"
	"math"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
)

// samplesPerBar is how many instants of a bar's span its open, high, low
// and close are taken from; a daily bar samples every half hour.
func samplesPerBar(interval market.Interval) int {
	if interval == market.Interval1d {
		return 48
	}
	return 12
}

// Bars are symbol's complete bars of interval in [from, to) that saw
// trading, oldest first, at most MaxBars (the newest).
func (p *Provider) Bars(ctx context.Context, symbol string, interval market.Interval, from, to time.Time) ([]market.Bar, error) {
	d := interval.Width()
	if d <= 0 {
		return nil, provider.ErrUnsupported
	}
	if err := p.admit(ctx); err != nil {
		return nil, err
	}
	a, ok := p.assets[symbol]
	if !ok {
		return nil, provider.ErrUnknownSymbol
	}
	if now := p.now(); to.After(now) {
		to = now
	}
	first := from.UTC().Truncate(d)
	if first.Before(from) {
		first = first.Add(d)
	}
	if n := to.Sub(first) / d; n > MaxBars {
		first = first.Add((n - MaxBars) * d)
	}
	var out []market.Bar
	for b := first; !b.Add(d).After(to); b = b.Add(d) {
		if bar, ok := p.bar(a, b, d, samplesPerBar(interval)); ok {
			out = append(out, bar)
		}
	}
	return out, nil
}

// bar is a's bar over [b, b+d) from n samples at the instants its market
// trades; false when it traded at none.
func (p *Provider) bar(a *asset, b time.Time, d time.Duration, n int) (market.Bar, bool) {
	bar := market.Bar{Ts: b, High: 0, Low: math.Inf(1)}
	traded := 0
	for i := 0; i < n; i++ {
		t := b.Add(d * time.Duration(i) / time.Duration(n))
		if !a.session.Open(t) {
			continue
		}
		v := p.priceAt(a, t)
		if traded == 0 {
			bar.Open = v
		}
		bar.Close = v
		bar.High = math.Max(bar.High, v)
		bar.Low = math.Min(bar.Low, v)
		traded++
	}
	if traded == 0 {
		return market.Bar{}, false
	}
	if a.Quote.Volume > 0 {
		share := float64(traded) / float64(n) * d.Hours() / 24 * sessionScale(a.session)
		bar.Volume = int64(float64(a.Quote.Volume) * share * (0.5 + (noise(a.seed, 63, b.Unix())+1)/2))
	}
	return bar, true
}
