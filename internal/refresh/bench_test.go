package refresh_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/refresh"
)

// discard is a write path that only counts.
type discard struct{ n int }

func (d *discard) IngestQuotes(_ context.Context, q []market.QuoteInput) (market.IngestResult, error) {
	d.n += len(q)
	return market.IngestResult{Received: len(q)}, nil
}

// BenchmarkCycle10k is one refresh cycle of 10,000 watched crypto symbols,
// every one due, from an in-memory provider (batches of 500) to a write
// path that only counts: the refresher's own cost per cycle.
func BenchmarkCycle10k(b *testing.B) {
	benchCycle(b, &lean{counting{name: "lean"}})
}

// lean answers every symbol with a fixed quote, recording nothing.
type lean struct{ counting }

func (l *lean) Limits() provider.Limits { return provider.Limits{MaxBatch: 500} }
func (l *lean) Quotes(_ context.Context, symbols []string) ([]market.QuoteInput, error) {
	out := make([]market.QuoteInput, len(symbols))
	for i, s := range symbols {
		out[i] = market.QuoteInput{Symbol: s, Price: 1, Provider: "lean"}
	}
	return out, nil
}

func benchCycle(b *testing.B, p provider.Provider) {
	c := &clock{t: thursdayOpen}
	ws := make([]refresh.Watch, 10_000)
	for i := range ws {
		ws[i] = refresh.Watch{Symbol: fmt.Sprintf("S%05d", i), Type: "crypto", Demand: i%2 == 0}
	}
	sink := &discard{}
	r := refresh.New(refresh.Options{
		Chains: map[string][]provider.Provider{"crypto": {p}}, Watched: watched(ws...), Ingest: sink,
		Now: c.Now, Freshness: map[string]time.Duration{"crypto": time.Second},
	})
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c.Add(time.Second)
		if err := r.Cycle(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sink.n)/float64(b.N), "quotes/cycle")
}
