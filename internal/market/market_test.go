package market_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/testdb"
	"github.com/marketpulse/api/internal/testpg"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// storageOf is the market's storage on the engine of e.
func storageOf(e testdb.Engine) market.Storage {
	if e.Postgres != nil {
		return market.Postgres(e.Postgres)
	}
	return market.SQLite(e.SQLite)
}

// mustService builds the service on the fresh database of e and an
// in-process cache, recording what Deps.Changed learns.
func mustService(tb testing.TB, e testdb.Engine) (*market.Service, *cache.Cache, market.Storage, *changes) {
	tb.Helper()
	c, err := cache.New(cache.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Close)
	ch := &changes{}
	st := storageOf(e)
	s := market.New(market.Deps{
		Storage: st, Cache: c, AssetTTL: time.Minute, QuoteTTL: time.Minute, BarTTL: time.Minute, Changed: ch.add,
	})
	return s, c, st, ch
}

type changes struct {
	mu   sync.Mutex
	list []market.Change
}

func (c *changes) add(ch market.Change) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.list = append(c.list, ch)
}

func (c *changes) take() []market.Change {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.list
	c.list = nil
	return l
}

func mustCreate(tb testing.TB, s *market.Service, symbols ...string) {
	tb.Helper()
	for _, sym := range symbols {
		if _, err := s.CreateAsset(context.Background(), market.NewAsset{Symbol: sym, Name: "Test " + sym, Type: "stock"}); err != nil {
			tb.Fatal(err)
		}
	}
}

// Changed learns each committed change once, and nothing of a rejected or
// ineffective batch.
func TestChangedLearnsCommittedChanges(t *testing.T) {
	t.Parallel()
	testdb.Each(t, testChangedLearnsCommittedChanges)
}

func testChangedLearnsCommittedChanges(t *testing.T, e testdb.Engine) {
	s, _, _, ch := mustService(t, e)
	ctx := context.Background()
	mustCreate(t, s, "MKA", "MKB")
	t0 := time.Now().UTC().Truncate(time.Second)
	quotes := []market.QuoteInput{{Symbol: "MKA", Price: 1, AsOf: t0, Provider: "t"}, {Symbol: "MKB", Price: 2, AsOf: t0, Provider: "t"}}
	if _, err := s.IngestQuotes(ctx, quotes); err != nil {
		t.Fatal(err)
	}
	if res, err := s.IngestQuotes(ctx, quotes); err != nil || res != (market.IngestResult{Received: 2, Ignored: 2}) {
		t.Fatalf("resent batch: %+v, %v", res, err)
	}
	if _, err := s.IngestQuotes(ctx, []market.QuoteInput{{Symbol: "NOPE", Price: 1, AsOf: t0, Provider: "t"}}); apperr.KindOf(err) != apperr.Unprocessable {
		t.Fatalf("unknown symbol: %v", err)
	}
	bars := []market.Bar{{Ts: t0.Truncate(24 * time.Hour), Open: 1, High: 2, Low: 1, Close: 2}}
	if _, err := s.IngestBars(ctx, "MKA", market.Interval1d, bars); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAsset(ctx, "MKB"); err != nil {
		t.Fatal(err)
	}
	want := []market.Change{
		{Kind: market.AssetChanged, Symbols: []string{"MKA"}},
		{Kind: market.AssetChanged, Symbols: []string{"MKB"}},
		{Kind: market.QuotesChanged, Symbols: []string{"MKA", "MKB"}},
		{Kind: market.BarsChanged, Symbols: []string{"MKA"}, Interval: market.Interval1d},
		{Kind: market.AssetChanged, Symbols: []string{"MKB"}},
	}
	if diff := cmp.Diff(want, ch.take()); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// The quote entries of a symbol carry its quote tag and its symbol tag; the
// history tag leaves them alone.
func TestQuoteTags(t *testing.T) {
	t.Parallel()
	testdb.Each(t, testQuoteTags)
}

func testQuoteTags(t *testing.T, e testdb.Engine) {
	s, c, _, _ := mustService(t, e)
	ctx := context.Background()
	mustCreate(t, s, "MKT")
	if _, err := s.IngestQuotes(ctx, []market.QuoteInput{{Symbol: "MKT", Price: 1, AsOf: time.Now(), Provider: "t"}}); err != nil {
		t.Fatal(err)
	}
	tier := func() cache.Tier {
		t.Helper()
		r, err := s.Quote(ctx, "MKT")
		if err != nil {
			t.Fatal(err)
		}
		return r.Tier
	}
	tests := []struct {
		give string
		want cache.Tier
	}{
		{market.HistoryTag("MKT"), cache.TierL1},
		{market.QuoteTag("MKT"), cache.TierOrigin},
		{market.SymbolTag("MKT"), cache.TierOrigin},
		{market.QuoteTag("OTHER"), cache.TierL1},
	}
	tier() // cached
	for _, tt := range tests {
		c.InvalidateTag(ctx, tt.give)
		if got := tier(); got != tt.want {
			t.Errorf("after dropping tag %s: read from %s, want %s", tt.give, got, tt.want)
		}
		tier() // cached again
	}
}

// A transaction's caller chooses the reference time of the clock-skew
// rule; the other rules hold.
func TestIngestQuotesInTx(t *testing.T) {
	t.Parallel()
	testdb.Each(t, testIngestQuotesInTx)
}

func testIngestQuotesInTx(t *testing.T, e testdb.Engine) {
	s, _, st, _ := mustService(t, e)
	ctx := context.Background()
	mustCreate(t, s, "MKX")
	future := time.Now().AddDate(1, 0, 0)
	quotes := []market.QuoteInput{{Symbol: "MKX", Price: 1, AsOf: future.Add(-time.Minute), Provider: "t"}}
	if _, err := s.IngestQuotes(ctx, quotes); apperr.KindOf(err) != apperr.Unprocessable {
		t.Fatalf("a quote from next year now: %v", err)
	}
	var res market.IngestResult
	err := st.InTx(ctx, func(tx market.Tx) error {
		var err error
		res, err = market.IngestQuotesInTx(ctx, tx, quotes, future)
		return err
	})
	if err != nil || res != (market.IngestResult{Received: 1, Stored: 1}) {
		t.Fatalf("IngestQuotesInTx = %+v, %v", res, err)
	}
}
