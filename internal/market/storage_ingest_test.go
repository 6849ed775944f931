package market_test

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/testdb"
)

// base is a Monday afternoon in UTC, a whole minute.
var base = time.Date(2026, 3, 2, 14, 30, 0, 0, time.UTC)

// day is the UTC midnight n days after base's.
func day(n int) time.Time { return base.Truncate(24*time.Hour).AddDate(0, 0, n) }

// Writers racing to ingest quotes of the same symbols, the newest arriving
// at any point, leave the newest stored, and none of them fails: on
// PostgreSQL they queue on the row (and never deadlock, whatever the order
// of the symbols in their batches) as SQLite's single writer queues them.
func TestNewestQuoteWinsUnderConcurrentIngestion(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s, _, _, ch := mustService(t, e)
		ctx := context.Background()
		mustCreate(t, s, "CCA", "CCB")
		const writers, rounds = 4, 12
		// order[w*rounds+r] ranks the quote of writer w's round r: its
		// asOf is base plus that many seconds, and its price tells it apart.
		order := rand.New(rand.NewPCG(15, 3)).Perm(writers * rounds)
		start := make(chan struct{})
		var wg sync.WaitGroup
		results := make(chan error, writers*rounds)
		for w := range writers {
			wg.Go(func() {
				<-start
				for r := range rounds {
					k := order[w*rounds+r]
					q := market.QuoteInput{Price: float64(k + 1), AsOf: base.Add(time.Duration(k) * time.Second), Provider: "t"}
					a, b := q, q
					a.Symbol, b.Symbol = "CCA", "CCB"
					if w%2 == 1 {
						a, b = b, a
					}
					_, err := s.IngestQuotes(ctx, []market.QuoteInput{a, b})
					results <- err
				}
			})
		}
		close(start)
		wg.Wait()
		close(results)
		for err := range results {
			if err != nil {
				t.Errorf("ingest: %v", err)
			}
		}
		newest := base.Add(time.Duration(writers*rounds-1) * time.Second)
		for _, sym := range []string{"CCA", "CCB"} {
			r, err := s.Quote(ctx, sym)
			if err != nil {
				t.Fatal(err)
			}
			if q := r.Quote(); !q.AsOf.Equal(newest) || q.Price != writers*rounds {
				t.Errorf("%s: stored %v at %v, want the newest, %d at %v", sym, q.Price, q.AsOf, writers*rounds, newest)
			}
		}
		if len(ch.take()) == 0 {
			t.Error("no change was reported")
		}
	})
}

// Times keep milliseconds on both engines: a quote's asOf is rounded to
// the millisecond (half up) whatever its zone, read back in UTC, and two
// quotes within the same millisecond are not newer than each other.
func TestTimesRoundTripAtMilliseconds(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s, _, _, _ := mustService(t, e)
		ctx := context.Background()
		east := time.FixedZone("UTC+5", 5*3600)
		tests := []struct {
			symbol string
			give   time.Time
			want   time.Time
		}{
			{"MS1", base.Add(123456789 * time.Nanosecond), base.Add(123 * time.Millisecond)},
			{"MS2", base.Add(499999 * time.Nanosecond), base},
			{"MS3", base.Add(500 * time.Microsecond), base.Add(time.Millisecond)},
			{"MS4", base.Add(5*time.Second + 500*time.Microsecond), base.Add(5*time.Second + time.Millisecond)},
			{"MS5", base.Add(1999600 * time.Nanosecond).In(east), base.Add(2 * time.Millisecond)},
		}
		for _, tt := range tests {
			mustCreate(t, s, tt.symbol)
			if _, err := s.IngestQuotes(ctx, []market.QuoteInput{{Symbol: tt.symbol, Price: 1, AsOf: tt.give, Provider: "t"}}); err != nil {
				t.Fatal(err)
			}
			r, err := s.Quote(ctx, tt.symbol)
			if err != nil {
				t.Fatal(err)
			}
			q := r.Quote()
			if !q.AsOf.Equal(tt.want) || q.AsOf.Location() != time.UTC {
				t.Errorf("%s: asOf %v read back as %v, want %v", tt.symbol, tt.give, q.AsOf, tt.want)
			}
			if q.UpdatedAt.Nanosecond()%int(time.Millisecond) != 0 || q.UpdatedAt.Location() != time.UTC {
				t.Errorf("%s: updatedAt %v is not UTC milliseconds", tt.symbol, q.UpdatedAt)
			}
		}
		a, _, err := s.Asset(ctx, "MS1")
		if err != nil {
			t.Fatal(err)
		}
		if c := a.Asset.CreatedAt; c.Nanosecond()%int(time.Millisecond) != 0 || c.Location() != time.UTC || a.Asset.UpdatedAt.Before(c) {
			t.Errorf("asset times %v, %v: want UTC milliseconds, updated not before created", c, a.Asset.UpdatedAt)
		}
		steps := []struct {
			give time.Time
			want market.IngestResult
		}{
			{base.Add(1200 * time.Microsecond), market.IngestResult{Received: 1, Stored: 1}},
			{base.Add(1400 * time.Microsecond), market.IngestResult{Received: 1, Ignored: 1}}, // the same millisecond
			{base.Add(1600 * time.Microsecond), market.IngestResult{Received: 1, Stored: 1}},
		}
		mustCreate(t, s, "MSN")
		for _, st := range steps {
			res, err := s.IngestQuotes(ctx, []market.QuoteInput{{Symbol: "MSN", Price: 1, AsOf: st.give, Provider: "t"}})
			if err != nil || res != st.want {
				t.Errorf("quote at %v: %+v (%v), want %+v", st.give, res, err, st.want)
			}
		}
	})
}

// A history range is [from, to) at the stored precision: its bounds are
// rounded to the millisecond as the bars' starts are, and bars of other
// intervals are not in it. Resent bars change nothing; a corrected one
// replaces the stored one.
func TestHistoryRangeBoundaries(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s, _, _, _ := mustService(t, e)
		ctx := context.Background()
		mustCreate(t, s, "HST")
		bars := make([]market.Bar, 10)
		for i := range bars {
			p := float64(i + 1)
			bars[i] = market.Bar{Ts: base.Add(time.Duration(i) * time.Minute), Open: p, High: p + 1, Low: p, Close: p, Volume: int64(i)}
		}
		mustIngestBars(t, s, bars, market.IngestResult{Received: 10, Stored: 10})
		mustIngestBars(t, s, bars[:3], market.IngestResult{Received: 3, Ignored: 3})
		fixed := bars[9]
		fixed.Close, fixed.High = 11, 12
		mustIngestBars(t, s, []market.Bar{bars[8], fixed}, market.IngestResult{Received: 2, Stored: 1, Ignored: 1})

		m, us := time.Minute, time.Microsecond
		tests := []struct {
			name     string
			interval market.Interval
			from, to time.Time
			want     []int // minutes after base of the bars read
		}{
			{"from inclusive, to exclusive", market.Interval1m, base.Add(2 * m), base.Add(5 * m), []int{2, 3, 4}},
			{"from rounded down", market.Interval1m, base.Add(2*m + 400*us), base.Add(5 * m), []int{2, 3, 4}},
			{"from rounded up", market.Interval1m, base.Add(2*m + 600*us), base.Add(5 * m), []int{3, 4}},
			{"to a millisecond later", market.Interval1m, base.Add(2 * m), base.Add(5*m + time.Millisecond), []int{2, 3, 4, 5}},
			{"to rounded up to a bar", market.Interval1m, base.Add(2 * m), base.Add(5*m - 400*us), []int{2, 3, 4}},
			{"to rounded down to a bar", market.Interval1m, base.Add(2 * m), base.Add(5*m + 400*us), []int{2, 3, 4}},
			{"all of them", market.Interval1m, base.Add(-time.Hour), base.Add(time.Hour), []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
			{"another interval", market.Interval5m, base.Add(-time.Hour), base.Add(time.Hour), []int{}},
		}
		for _, tt := range tests {
			h, _, err := s.History(ctx, market.HistoryQuery{Symbol: "HST", Interval: tt.interval, From: &tt.from, To: &tt.to})
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			got := []int{}
			for _, b := range h.History.Bars {
				got = append(got, int(b.Ts.Sub(base)/time.Minute))
				if b.Ts.Location() != time.UTC {
					t.Errorf("%s: bar at %v is not in UTC", tt.name, b.Ts)
				}
			}
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
		all, _, err := s.History(ctx, market.HistoryQuery{Symbol: "HST", Interval: market.Interval1m, From: &bars[9].Ts, To: ptr(base.Add(time.Hour))})
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff([]market.Bar{fixed}, all.History.Bars); diff != "" {
			t.Errorf("the corrected bar (-want +got):\n%s", diff)
		}
		for iv, want := range map[market.Interval]time.Time{market.Interval1m: bars[9].Ts, market.Interval1d: {}} {
			if got, err := s.LastBar(ctx, "HST", iv); err != nil || !got.Equal(want) {
				t.Errorf("LastBar(%s) = %v (%v), want %v", iv, got, err, want)
			}
		}
	})
}

func mustIngestBars(t *testing.T, s *market.Service, bars []market.Bar, want market.IngestResult) {
	t.Helper()
	res, err := s.IngestBars(context.Background(), "HST", market.Interval1m, bars)
	if err != nil || res != want {
		t.Fatalf("IngestBars = %+v (%v), want %+v", res, err, want)
	}
}

func ptr[T any](v T) *T { return &v }

// Tx.UpsertQuotes applies a batch in order on both engines, counting each
// quote that changed the stored one: a later, newer quote of an asset
// wins, an older or equally old one changes nothing.
func TestUpsertQuotesAppliesInOrder(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s, _, st, _ := mustService(t, e)
		ctx := context.Background()
		mustCreate(t, s, "ORD", "ORE")
		var stored int
		err := st.InTx(ctx, func(tx market.Tx) error {
			ids, err := tx.AssetIDs(ctx, []string{"ORD", "ORE", "NOPE"})
			if err != nil {
				return err
			}
			if len(ids) != 2 {
				t.Errorf("AssetIDs = %v, want ORD and ORE only", ids)
			}
			row := func(sym string, price float64, asOf time.Time) market.QuoteRow {
				return market.QuoteRow{AssetID: ids[sym], QuoteInput: market.QuoteInput{Symbol: sym, Price: price, AsOf: asOf, Provider: "t"}}
			}
			stored, err = tx.UpsertQuotes(ctx, []market.QuoteRow{
				row("ORE", 1, base),
				row("ORD", 1, base.Add(time.Second)),
				row("ORD", 2, base.Add(2*time.Second)), // newer: stored
				row("ORD", 3, base),                    // older: nothing
				row("ORD", 4, base.Add(2*time.Second)), // as old: nothing
			})
			return err
		})
		if err != nil || stored != 3 {
			t.Fatalf("UpsertQuotes stored %d (%v), want 3", stored, err)
		}
		if q, _, err := st.Quote(ctx, "ORD"); err != nil || q.Price != 2 || !q.AsOf.Equal(base.Add(2*time.Second)) {
			t.Errorf("ORD's quote: %+v (%v), want 2 at %v", q, err, base.Add(2*time.Second))
		}
	})
}

// A zero reads back as 0, never -0, on both engines: SQLite keeps no sign
// of a zero, so PostgreSQL must not answer one either.
func TestZerosHaveNoSign(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s, _, _, _ := mustService(t, e)
		ctx := context.Background()
		mustCreate(t, s, "ZRO")
		neg := math.Copysign(0, -1)
		in := market.QuoteInput{Symbol: "ZRO", Price: neg, Change: neg, ChangePct: neg, MarketCap: &neg, AsOf: base, Provider: "t"}
		if _, err := s.IngestQuotes(ctx, []market.QuoteInput{in}); err != nil {
			t.Fatal(err)
		}
		r, err := s.Quote(ctx, "ZRO")
		if err != nil {
			t.Fatal(err)
		}
		q := r.Quote()
		bar := market.Bar{Ts: day(0), Open: neg, High: neg, Low: neg, Close: neg}
		if _, err := s.IngestBars(ctx, "ZRO", market.Interval1d, []market.Bar{bar}); err != nil {
			t.Fatal(err)
		}
		h, _, err := s.History(ctx, market.HistoryQuery{Symbol: "ZRO", From: ptr(day(0)), To: ptr(day(1))})
		if err != nil || len(h.History.Bars) != 1 {
			t.Fatalf("history: %+v (%v)", h, err)
		}
		b := h.History.Bars[0]
		for name, v := range map[string]float64{
			"price": q.Price, "change": q.Change, "changePct": q.ChangePct, "marketCap": *q.MarketCap,
			"open": b.Open, "high": b.High, "low": b.Low, "close": b.Close,
		} {
			if v != 0 || math.Signbit(v) {
				t.Errorf("%s reads back as %v, want 0", name, v)
			}
		}
	})
}
