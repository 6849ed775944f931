package provider_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
)

func TestCheckQuote(t *testing.T) {
	t.Parallel()
	good := market.QuoteInput{Symbol: "AAPL", Price: 10, AsOf: now, Provider: "p"}
	neg := -1.0
	tests := []struct {
		name string
		edit func(*market.QuoteInput)
		ok   bool
	}{
		{"good", func(*market.QuoteInput) {}, true},
		{"skew within", func(q *market.QuoteInput) { q.AsOf = now.Add(market.MaxQuoteSkew) }, true},
		{"zero price", func(q *market.QuoteInput) { q.Price = 0 }, false},
		{"negative price", func(q *market.QuoteInput) { q.Price = -3 }, false},
		{"NaN price", func(q *market.QuoteInput) { q.Price = math.NaN() }, false},
		{"Inf price", func(q *market.QuoteInput) { q.Price = math.Inf(1) }, false},
		{"NaN change", func(q *market.QuoteInput) { q.ChangePct = math.NaN() }, false},
		{"negative volume", func(q *market.QuoteInput) { q.Volume = -1 }, false},
		{"negative cap", func(q *market.QuoteInput) { q.MarketCap = &neg }, false},
		{"no asOf", func(q *market.QuoteInput) { q.AsOf = time.Time{} }, false},
		{"future", func(q *market.QuoteInput) { q.AsOf = now.Add(market.MaxQuoteSkew + time.Second) }, false},
		{"no provenance", func(q *market.QuoteInput) { q.Provider = "" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q := good
			tt.edit(&q)
			err := provider.CheckQuote("p", q, now)
			var be *provider.BadAnswerError
			if tt.ok != (err == nil) || (err != nil && !errors.As(err, &be)) {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestCheckBars(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	bar := func(ts time.Time, o, h, l, c float64) market.Bar {
		return market.Bar{Ts: ts, Open: o, High: h, Low: l, Close: c, Volume: 1}
	}
	tests := []struct {
		name     string
		interval market.Interval
		bars     []market.Bar
		ok       bool
	}{
		{"good", market.Interval1d, []market.Bar{bar(day, 2, 3, 1, 2.5), bar(day.AddDate(0, 0, 1), 2, 2, 2, 2)}, true},
		{"empty", market.Interval1d, nil, true},
		{"low above open", market.Interval1d, []market.Bar{bar(day, 2, 3, 2.1, 2.5)}, false},
		{"high below close", market.Interval1d, []market.Bar{bar(day, 2, 2.4, 1, 2.5)}, false},
		{"zero", market.Interval1d, []market.Bar{bar(day, 0, 0, 0, 0)}, false},
		{"NaN", market.Interval1d, []market.Bar{bar(day, math.NaN(), 3, 1, 2)}, false},
		{"unaligned day", market.Interval1d, []market.Bar{bar(day.Add(14*time.Hour), 2, 3, 1, 2)}, false},
		{"aligned minute", market.Interval1m, []market.Bar{bar(day.Add(14*time.Hour+time.Minute), 2, 3, 1, 2)}, true},
		{"unaligned 5m", market.Interval5m, []market.Bar{bar(day.Add(time.Minute), 2, 3, 1, 2)}, false},
		{"repeat", market.Interval1d, []market.Bar{bar(day, 2, 3, 1, 2), bar(day, 2, 3, 1, 2)}, false},
		{"unsorted", market.Interval1d, []market.Bar{bar(day.AddDate(0, 0, 1), 2, 3, 1, 2), bar(day, 2, 3, 1, 2)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := provider.CheckBars("p", tt.interval, tt.bars)
			if tt.ok != (err == nil) {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestAlign(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 14, 30, 0, 0, time.UTC)
	got := provider.Align([]market.Bar{
		{Ts: at, Open: 10, High: 12, Low: 9, Close: 11, Volume: 5},
		{Ts: at.Add(20 * time.Minute), Open: 11, High: 13, Low: 10, Close: 12, Volume: 7},
		{Ts: at.Add(40 * time.Minute), Open: 12, High: 12, Low: 8, Close: 9, Volume: 1},
	}, time.Hour)
	want := []market.Bar{
		{Ts: at.Truncate(time.Hour), Open: 10, High: 13, Low: 9, Close: 12, Volume: 12},
		{Ts: at.Truncate(time.Hour).Add(time.Hour), Open: 12, High: 12, Low: 8, Close: 9, Volume: 1},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v", got)
	}
}
