package store_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// Targets (see the data-layer issue): ≥ 5,000 committed single-row inserts/s,
// 500-quote batch ≤ 10 ms, indexed read ≤ 20 µs.

func BenchmarkInsertCommitted(b *testing.B) {
	b.Run("user", func(b *testing.B) {
		d := mustOpen(b)
		ctx := b.Context()
		b.ReportAllocs()
		defer reportCPU(b, cpuTime())
		i := 0
		for b.Loop() {
			i++
			err := d.InTx(ctx, func(q *db.Queries) error {
				_, err := q.CreateUser(ctx, db.CreateUserParams{Email: fmt.Sprintf("b%d@example.com", i), PasswordHash: argon2, DisplayName: "B", Role: "user"})
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("article with FTS", func(b *testing.B) {
		d := mustOpen(b)
		ctx := b.Context()
		t0 := time.Now()
		b.ReportAllocs()
		defer reportCPU(b, cpuTime())
		i := 0
		for b.Loop() {
			i++
			err := d.InTx(ctx, func(q *db.Queries) error {
				_, err := q.InsertArticle(ctx, articleParams(i, "Fed holds rates steady as inflation cools", "Officials signalled patience on cuts while markets rallied.", t0))
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}

// BenchmarkUpsertQuotes500 stores a batch of 500 newer quotes in one
// transaction, by one UpsertQuote call per quote or by Tx.UpsertQuotes
// (two VALUES statements of 250 rows).
func BenchmarkUpsertQuotes500(b *testing.B) {
	for _, mode := range []string{"per quote", "batch"} {
		b.Run(mode, func(b *testing.B) {
			d := mustOpen(b)
			ctx := b.Context()
			seedMarket(b, d, seedScale{assets: 500})
			t0 := time.Now()
			batch := make([]db.UpsertQuoteParams, 500)
			b.ReportAllocs()
			defer reportCPU(b, cpuTime())
			round := 0
			for b.Loop() {
				round++
				for i := range batch {
					batch[i] = quote(int64(i+1), float64(round), t0.Add(time.Duration(round)*time.Second))
				}
				err := d.InWriteTx(ctx, func(q *store.Tx) error {
					if mode == "batch" {
						_, err := q.UpsertQuotes(ctx, batch)
						return err
					}
					for _, p := range batch {
						if _, err := q.UpsertQuote(ctx, p); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/batch")
		})
	}
}

func BenchmarkGetAssetBySymbol(b *testing.B) {
	d := mustOpen(b)
	ctx := b.Context()
	seedMarket(b, d, seedScale{assets: 5000})
	// Symbols are formatted outside the timed loop: fmt.Sprintf is not the
	// store's cost.
	symbols := make([]string, 5000)
	for i := range symbols {
		symbols[i] = fmt.Sprintf("S%05d", i)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		if _, err := d.Read.GetAssetBySymbol(ctx, symbols[rng.IntN(len(symbols))]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkListNewsPage50(b *testing.B) {
	d := mustOpen(b)
	ctx := b.Context()
	seedMarket(b, d, seedScale{assets: 50, articles: 10_000})
	// Cursors spread over the whole table, as deep pages would be.
	var cursors []db.NewsArticle
	p := db.ListNewsParams{BeforeID: math.MaxInt64, MaxRows: 50}
	for {
		page := must(d.Read.ListNews(ctx, p))(b)
		if len(page) < 50 {
			break
		}
		last := page[len(page)-1]
		cursors = append(cursors, last)
		p.BeforePublishedAt, p.BeforeID = last.PublishedAt, last.ID
	}
	cursors = cursors[:len(cursors)-1] // the last full page may end the table
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	i := 0
	for b.Loop() {
		c := cursors[i%len(cursors)]
		i++
		page, err := d.Read.ListNews(ctx, db.ListNewsParams{BeforePublishedAt: c.PublishedAt, BeforeID: c.ID, MaxRows: 50})
		if err != nil || len(page) == 0 {
			b.Fatal(len(page), err)
		}
	}
}

// BenchmarkSearchNews searches 10,000 generated articles (8-word titles,
// 40-word summaries, Zipf word frequencies) for terms of different
// selectivity: FTS5 ranks every match, so the cost follows the match count.
func BenchmarkSearchNews(b *testing.B) {
	d := mustOpen(b)
	ctx := b.Context()
	seedMarket(b, d, seedScale{assets: 50, articles: 10_000})
	for _, q := range []struct{ name, query string }{
		{"rare term", `"x28k"`},
		{"mid term", `"bitcoin"`},
		{"common term", `"apple"`},
		{"two terms", `"apple" "earnings"`},
		{"phrase", `"fed rates"`},
		{"prefix", `"bitc"*`},
		{"or", `"oil" OR "gold"`},
	} {
		b.Run(q.name, func(b *testing.B) {
			var matches int
			if err := d.Reader.QueryRowContext(ctx, `SELECT count(*) FROM news_fts WHERE news_fts MATCH ?`, q.query).Scan(&matches); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			defer reportCPU(b, cpuTime())
			for b.Loop() {
				if _, err := d.Read.SearchNews(ctx, db.SearchNewsParams{Query: q.query, MaxRows: 20}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(matches), "matches")
		})
	}
}

// cpuTime is the CPU time the process has used. On a shared machine ns/op
// mostly measures waiting for a core; CPU time per operation does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/float64(b.N), "cpu-µs/op")
}
