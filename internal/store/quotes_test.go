package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/store"
)

func quote(asset int64, price float64, asOf any) db.UpsertQuoteParams {
	return db.UpsertQuoteParams{AssetID: asset, Price: price, Change: 0.5, ChangePct: 0.1, Volume: 100, AsOf: asOf, Provider: "test"}
}

func TestUpsertQuoteKeepsNewest(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	a := mustAsset(t, d.Write, "AAPL", "Apple")
	t0 := at(t, "2026-03-02 14:30:00").Add(250 * time.Millisecond)
	tests := []struct {
		name      string
		price     float64
		asOf      time.Time
		wantRows  int64
		wantPrice float64
	}{
		{"first", 100, t0, 1, 100},
		{"newer", 101, t0.Add(time.Second), 1, 101},
		{"older", 99, t0, 0, 101},
		{"same instant", 98, t0.Add(time.Second), 0, 101},
		{"same instant in another zone", 97, t0.Add(time.Second).In(time.FixedZone("", 9*3600)), 0, 101},
		{"a millisecond newer", 102, t0.Add(time.Second + time.Millisecond), 1, 102},
		{"newer, written in a zone behind UTC", 103, t0.Add(time.Hour).In(time.FixedZone("", -8*3600)), 1, 103},
	}
	for _, tt := range tests {
		n := must(d.Write.UpsertQuote(ctx, quote(a.ID, tt.price, tt.asOf)))(t)
		q := must(d.Read.GetQuote(ctx, a.ID))(t)
		if n != tt.wantRows || q.Price != tt.wantPrice {
			t.Errorf("%s: rows %d, price %v; want %d, %v", tt.name, n, q.Price, tt.wantRows, tt.wantPrice)
		}
	}
	q := must(d.Read.GetQuote(ctx, a.ID))(t)
	if want := t0.Add(time.Hour); !q.AsOf.Equal(want) || q.AsOf.Location() != time.UTC {
		t.Errorf("as_of = %v, want %v in UTC", q.AsOf, want)
	}
}

// TestUpsertQuoteBatch delivers 500 quotes per round for 20 assets in random
// order within one transaction, one call per quote or one UpsertQuotes
// statement: the stored quote is the newest of each asset.
func TestUpsertQuoteBatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		apply func(ctx context.Context, q *store.Tx, batch []db.UpsertQuoteParams) (int64, error)
	}{
		{"one call per quote", func(ctx context.Context, q *store.Tx, batch []db.UpsertQuoteParams) (int64, error) {
			var stored int64
			for _, p := range batch {
				n, err := q.UpsertQuote(ctx, p)
				if err != nil {
					return 0, err
				}
				stored += n
			}
			return stored, nil
		}},
		{"batch statements", func(ctx context.Context, q *store.Tx, batch []db.UpsertQuoteParams) (int64, error) {
			return q.UpsertQuotes(ctx, batch)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := mustOpen(t)
			ctx := t.Context()
			var assets []db.Asset
			for i := range 20 {
				assets = append(assets, mustAsset(t, d.Write, fmt.Sprintf("A%02d", i), "Asset"))
			}
			rng := rand.New(rand.NewPCG(1, 2))
			base := at(t, "2026-03-02 14:30:00")
			newest := map[int64]float64{}
			for round := range 3 {
				var batch []db.UpsertQuoteParams
				var wantStored int64
				for range 500 {
					a := assets[rng.IntN(len(assets))]
					price := float64(round*10_000 + rng.IntN(10_000))
					if price > newest[a.ID] {
						newest[a.ID] = price
						wantStored++
					}
					asOf := base.Add(time.Duration(price) * time.Millisecond).In(time.FixedZone("", rng.IntN(20)*3600-36000))
					p := quote(a.ID, price, asOf)
					if price > 15_000 {
						p.MarketCap = sql.NullFloat64{Float64: price * 1e6, Valid: true}
					}
					batch = append(batch, p)
				}
				var stored int64
				err := d.InWriteTx(ctx, func(q *store.Tx) (err error) {
					stored, err = tt.apply(ctx, q, batch)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				if stored != wantStored {
					t.Errorf("round %d: %d quotes stored, want the %d newer ones", round, stored, wantStored)
				}
			}
			for _, a := range assets {
				q := must(d.Read.GetQuote(ctx, a.ID))(t)
				wantAsOf := base.Add(time.Duration(newest[a.ID]) * time.Millisecond)
				if q.Price != newest[a.ID] || !q.AsOf.Equal(wantAsOf) || q.MarketCap.Valid != (q.Price > 15_000) {
					t.Errorf("%s: %+v, want the newest (%v at %v)", a.Symbol, q, newest[a.ID], wantAsOf)
				}
			}
		})
	}
}

func TestUpsertQuotesIsAllOrNothing(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	a := mustAsset(t, d.Write, "AAPL", "Apple")
	now := time.Now()
	tests := []struct {
		name  string
		batch []db.UpsertQuoteParams
		kind  apperr.Kind
		code  string
	}{
		{"an invalid quote", []db.UpsertQuoteParams{quote(a.ID, 1, now), quote(a.ID, -1, now.Add(time.Second))}, apperr.Invalid, "invalid"},
		{"an unknown asset", []db.UpsertQuoteParams{quote(a.ID, 1, now), quote(a.ID+1, 1, now)}, apperr.Invalid, "invalid_reference"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := d.InWriteTx(ctx, func(q *store.Tx) error {
				_, err := q.UpsertQuotes(ctx, tt.batch)
				return store.Translate(err, "quotes")
			})
			wantErr(t, err, tt.kind, tt.code)
			if n := count(t, d, "quotes", "1"); n != 0 {
				t.Errorf("%d quotes stored from a rejected batch", n)
			}
		})
	}
	err := d.InWriteTx(ctx, func(q *store.Tx) error {
		if _, err := q.UpsertQuotes(ctx, []db.UpsertQuoteParams{quote(a.ID, 1, "2026-01-01")}); err == nil {
			t.Error("UpsertQuotes accepted an as_of that is not a time.Time")
		}
		if n, err := q.UpsertQuotes(ctx, nil); n != 0 || err != nil {
			t.Errorf("empty batch = %d, %v", n, err)
		}
		return nil
	})
	noErr(t, err)
}

func TestQuoteReads(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	base := at(t, "2026-03-02 14:30:00")
	for i, sym := range []string{"MSFT", "AAPL", "NVDA", "TSLA"} {
		a := mustAsset(t, d.Write, sym, sym)
		if sym == "TSLA" {
			continue // no quote
		}
		p := quote(a.ID, float64(i+1), base.Add(time.Duration(i)*time.Minute))
		if sym == "NVDA" {
			p.MarketCap = sql.NullFloat64{Float64: 3e12, Valid: true}
		}
		must(d.Write.UpsertQuote(ctx, p))(t)
	}
	q := must(d.Read.GetQuoteBySymbol(ctx, "NVDA"))(t)
	if q.Symbol != "NVDA" || q.Price != 3 || q.MarketCap.Float64 != 3e12 || !q.AsOf.Equal(base.Add(2*time.Minute)) {
		t.Errorf("GetQuoteBySymbol = %+v", q)
	}
	_, err := d.Read.GetQuoteBySymbol(ctx, "TSLA")
	wantErr(t, err, apperr.NotFound, "not_found")

	var got []string
	for _, r := range must(d.Read.ListQuotesBySymbols(ctx, []string{"TSLA", "NVDA", "MSFT", "NONE"}))(t) {
		got = append(got, r.Symbol)
	}
	if strings.Join(got, ",") != "MSFT,NVDA" {
		t.Errorf("ListQuotesBySymbols = %v, want MSFT,NVDA", got)
	}
	if rows := must(d.Read.ListQuotesBySymbols(ctx, nil))(t); len(rows) != 0 {
		t.Errorf("no symbols listed %d quotes", len(rows))
	}

	stale := must(d.Read.ListStaleQuotes(ctx, db.ListStaleQuotesParams{OlderThan: base.Add(2 * time.Minute).In(time.FixedZone("", 5*3600+1800)), MaxRows: 10}))(t)
	if len(stale) != 2 || stale[0].Price != 1 || stale[1].Price != 2 {
		t.Errorf("ListStaleQuotes = %+v, want MSFT then AAPL", stale)
	}
	if n := must(d.Write.DeleteQuote(ctx, q.AssetID))(t); n != 1 {
		t.Errorf("DeleteQuote rows = %d", n)
	}
	_, err = d.Read.GetQuote(ctx, q.AssetID)
	wantErr(t, err, apperr.NotFound, "not_found")
}

func TestQuoteConstraints(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	a := mustAsset(t, d.Write, "AAPL", "Apple")
	tests := []struct {
		name string
		give func(p *db.UpsertQuoteParams)
		code string
	}{
		{"negative price", func(p *db.UpsertQuoteParams) { p.Price = -0.01 }, "invalid"},
		{"negative volume", func(p *db.UpsertQuoteParams) { p.Volume = -1 }, "invalid"},
		{"negative market cap", func(p *db.UpsertQuoteParams) { p.MarketCap = sql.NullFloat64{Float64: -1, Valid: true} }, "invalid"},
		{"empty provider", func(p *db.UpsertQuoteParams) { p.Provider = "" }, "invalid"},
		{"provider too long", func(p *db.UpsertQuoteParams) { p.Provider = strings.Repeat("p", 65) }, "invalid"},
		{"no as_of", func(p *db.UpsertQuoteParams) { p.AsOf = nil }, "invalid"},
		{"as_of not a time", func(p *db.UpsertQuoteParams) { p.AsOf = "yesterday" }, "invalid"},
		{"unknown asset", func(p *db.UpsertQuoteParams) { p.AssetID = a.ID + 1 }, "invalid_reference"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := quote(a.ID, 1, time.Now())
			tt.give(&p)
			_, err := d.Write.UpsertQuote(ctx, p)
			wantErr(t, err, apperr.Invalid, tt.code)
		})
	}
}

// TestUpsertQuotesAnyBatchSize covers the cutting of a batch into
// statements of 250, 50, 10 and 1 rows: every quote applies, in order.
func TestUpsertQuotesAnyBatchSize(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	a := mustAsset(t, d.Write, "AAPL", "Apple")
	base := at(t, "2026-03-02 14:30:00")
	next := 0
	for _, n := range []int{1, 9, 61, 311} {
		batch := make([]db.UpsertQuoteParams, n)
		for i := range batch {
			next++
			batch[i] = quote(a.ID, float64(next), base.Add(time.Duration(next)*time.Second))
		}
		var stored int64
		err := d.InWriteTx(ctx, func(q *store.Tx) (err error) {
			stored, err = q.UpsertQuotes(ctx, batch)
			return err
		})
		if err != nil || stored != int64(n) {
			t.Fatalf("batch of %d: stored %d, %v", n, stored, err)
		}
		if got := must(d.Read.GetQuote(ctx, a.ID))(t); got.Price != float64(next) {
			t.Errorf("after a batch of %d: price %v, want the last quote's %d", n, got.Price, next)
		}
	}
}
