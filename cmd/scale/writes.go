package main

import (
	"context"
	"time"

	"github.com/marketpulse/api/internal/market"
)

// writeOps are the writes of the growth table: a single quote, a batch of
// 500 quotes and a batch of 500 one-minute bars, through the market's
// ingestion (each call one transaction).
func writeOps(s *services, f *fixture) []op {
	now := time.Now().UTC()
	quote := func(i, k int) market.QuoteInput {
		return market.QuoteInput{
			Symbol: f.pick(f.symbols), Price: 100 + float64(i%50), Volume: 1000,
			AsOf: now.Add(time.Duration(i*1000+k) * time.Microsecond), Provider: "scale",
		}
	}
	return []op{
		{Name: "write quote", Write: true, run: func(ctx context.Context, i int) error {
			_, err := s.market.IngestQuotes(ctx, []market.QuoteInput{quote(i, 0)})
			return err
		}},
		{Name: "write quotes x500", Write: true, run: func(ctx context.Context, i int) error {
			batch := make([]market.QuoteInput, 500)
			for k := range batch {
				batch[k] = quote(i, k)
			}
			_, err := s.market.IngestQuotes(ctx, batch)
			return err
		}},
		{Name: "write bars x500", Write: true, run: func(ctx context.Context, i int) error {
			start := anchor.Add(time.Duration(i) * 500 * time.Minute)
			bars := make([]market.Bar, 500)
			for k := range bars {
				p := 100 + float64(k%7)
				bars[k] = market.Bar{Ts: start.Add(time.Duration(k) * time.Minute), Open: p, High: p + 1, Low: p - 1, Close: p, Volume: 10}
			}
			_, err := s.market.IngestBars(ctx, f.pick(f.barSymbols), market.Interval1m, bars)
			return err
		}},
	}
}
