package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/demo"
)

// figure is the p50 and p99 of one operation at one size.
type figure struct{ P50, P99 time.Duration }

// measureSize runs every operation samples times against b (after a few
// unmeasured calls) and returns the figures by operation name, in order.
func measureSize(ctx context.Context, b *built, s size, samples int, only string) ([]string, map[string]figure, error) {
	svc, err := newServices(b.DB)
	if err != nil {
		return nil, nil, err
	}
	defer svc.close() //nolint:errcheck // nothing to report after measuring
	f := newFixture(s)
	var ops []op
	if s.Articles > 0 {
		ops = append(readOps(svc, f), newsOps(svc, f)...)
	}
	ops = append(ops, writeOps(svc, f)...)
	names := make([]string, 0, len(ops))
	figs := make(map[string]figure, len(ops))
	for _, o := range ops {
		if !strings.Contains(o.Name, only) {
			continue
		}
		fig, err := measure(ctx, svc, o, samples)
		if err != nil {
			return nil, nil, fmt.Errorf("%s at %s: %w", o.Name, s.Name, err)
		}
		names = append(names, o.Name)
		figs[o.Name] = fig
	}
	return names, figs, nil
}

func measure(ctx context.Context, svc *services, o op, samples int) (figure, error) {
	const warm = 3
	times := make([]time.Duration, 0, samples)
	for i := range samples + warm {
		svc.flush(ctx)
		t0 := time.Now()
		if err := o.run(ctx, i); err != nil {
			return figure{}, err
		}
		if i >= warm {
			times = append(times, time.Since(t0))
		}
	}
	slices.Sort(times)
	return figure{P50: quantile(times, 0.50), P99: quantile(times, 0.99)}, nil
}

// quantile is the q-quantile of sorted (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func newFixture(s size) *fixture {
	all, rare, bars := demo.BulkSymbols(demo.BulkOptions{Assets: s.Assets, DailyBars: s.DailyBars})
	if len(bars) == 0 {
		bars = all[:1]
	}
	f := &fixture{
		symbols: all, barSymbols: bars, rare: rare,
		common: []string{"AAPL", "MSFT", "NVDA", "SPY", "BTC-USD", "^GSPC"},
		rng:    rand.New(rand.NewPCG(1, 2)),
	}
	for range 50 {
		f.rareWords = append(f.rareWords, demo.BulkNameWord(f.pick(rare)))
	}
	return f
}

func demoWords() []string { return demo.SearchWords() }
