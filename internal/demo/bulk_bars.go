package demo

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// bulkBars writes daily bars (bulkBarsPerAsset per asset, ending the day
// before anchor) and 5-minute bars (as many per asset, ending at anchor)
// over the first assets of cat, as random walks from each asset's base
// price. It returns the number of bars.
func bulkBars(ctx context.Context, conn *sql.Conn, cat []asset, ids map[string]int64, anchor time.Time, daily, intraday int) (int, error) {
	total := 0
	for _, s := range []struct {
		n     int
		iv    string
		width time.Duration
	}{{daily, "1d", 24 * time.Hour}, {intraday, "5m", 5 * time.Minute}} {
		if s.n <= 0 {
			continue
		}
		per := bulkBarsPerAsset
		err := bulkRows(ctx, conn, s.n, []string{
			`INSERT INTO price_bars (asset_id, interval, ts, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		}, barRow(ctx, cat, ids, anchor, per, s.iv, s.width))
		if err != nil {
			return 0, fmt.Errorf("bulk %s bars: %w", s.iv, err)
		}
		total += s.n
	}
	return total, nil
}

// barRow writes bar i: asset i/per (wrapping round the catalog), the
// (i%per)-th bar of its walk, oldest first.
func barRow(ctx context.Context, cat []asset, ids map[string]int64, anchor time.Time, per int, iv string, width time.Duration) func(int, []*sql.Stmt) error {
	var (
		rng   *rand.Rand
		price float64
	)
	end := anchor
	if iv == "1d" {
		end = anchor.Add(-24 * time.Hour)
	}
	return func(i int, stmts []*sql.Stmt) error {
		k := i / per
		a := cat[k%len(cat)]
		if i%per == 0 {
			rng = rand.New(rand.NewPCG(barsSeed, uint64(k)))
			price = profileOf(a).Base
		}
		// Assets past the catalog's end start a further history back.
		back := time.Duration(per*(k/len(cat))+per-1-i%per) * width
		ts := end.Add(-back).Format("2006-01-02 15:04:05.000")
		open := price
		price = math.Max(0.01, price*(1+0.01*rng.NormFloat64()))
		high, low := math.Max(open, price)*(1+0.002*rng.Float64()), math.Min(open, price)*(1-0.002*rng.Float64())
		_, err := stmts[0].ExecContext(ctx, ids[a.Symbol], iv, ts, open, high, low, price, 1000+rng.IntN(100000))
		return err
	}
}
