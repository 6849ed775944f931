package market_test

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/testdb"
)

// mixedAssets have names that sort differently case-sensitively and
// case-insensitively, names equal but for case (and one equal outright:
// the id decides), punctuation between the upper- and lower-case letters
// ('[' and '_'), and non-ASCII letters that neither engine folds; their
// symbols sort by bytes ('-' < '.' < digits < '=' < letters < '^').
var mixedAssets = []market.NewAsset{
	{Symbol: "ZZA", Name: "alpha", Type: "stock", Exchange: "XNAS"},
	{Symbol: "B.B", Name: "Alpha", Type: "etf", Exchange: "XNAS"},
	{Symbol: "B-B", Name: "ALPHA", Type: "stock", Exchange: "XNYS"},
	{Symbol: "^IX", Name: "beta", Type: "stock"},
	{Symbol: "0AB", Name: "Beta", Type: "etf", Exchange: "XNYS"},
	{Symbol: "EUR=X", Name: "_under", Type: "stock", Exchange: "XNAS"},
	{Symbol: "AAA", Name: "[bracket", Type: "stock", Exchange: "XNAS"},
	{Symbol: "M1", Name: "Zeta", Type: "etf"},
	{Symbol: "M2", Name: "zeta", Type: "stock", Exchange: "XNAS"},
	{Symbol: "E1", Name: "Émile", Type: "stock", Exchange: "XNAS"},
	{Symbol: "E2", Name: "émile", Type: "stock", Exchange: "XNYS"},
	{Symbol: "E3", Name: "eagle", Type: "etf", Exchange: "XNAS"},
	{Symbol: "E4", Name: "Eagle", Type: "stock", Exchange: "XNAS"},
	{Symbol: "ALP", Name: "a", Type: "stock", Exchange: "XNAS"},
	{Symbol: "A1", Name: "A1", Type: "stock", Exchange: "XNYS"},
	{Symbol: "AB", Name: "ab", Type: "etf", Exchange: "XNAS"},
	{Symbol: "Q", Name: "alpha", Type: "stock", Exchange: "XNAS"},
}

// mixedInactive are the symbols of mixedAssets that are deactivated.
var mixedInactive = []string{"B-B", "M1"}

// Pages of every query shape (each filter leads another index) walk the
// same assets in the same order on both engines: symbols by bytes, names
// with ASCII letters folded and nothing else, then by id.
func TestAssetPagesOrderMixedCase(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	queries := []market.AssetQuery{
		{},
		{Type: "stock"},
		{Exchange: "XNAS"},
		{Type: "etf", Exchange: "XNAS"},
		{Prefix: "al"},
		{Prefix: "AL", Type: "stock"},
		{Prefix: "e", Exchange: "XNYS"},
		{Prefix: "é"},
		{Prefix: "É"},
		{Prefix: "_"},
		{Active: &no},
		{Active: &yes, Type: "stock", Prefix: "a"},
	}
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s, _, _, _ := mustService(t, e)
		ctx := context.Background()
		for _, a := range mixedAssets {
			if _, err := s.CreateAsset(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		for _, sym := range mixedInactive {
			if err := s.DeleteAsset(ctx, sym); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range queries {
			for _, sort := range []market.AssetSort{market.SortBySymbol, market.SortByName} {
				for _, limit := range []int{2, 5} {
					q.Sort, q.Limit = sort, limit
					if diff := gocmp.Diff(wantSymbols(q), walkPages(t, s, q)); diff != "" {
						t.Errorf("%+v (-want +got):\n%s", q, diff)
					}
				}
			}
		}
	})
}

// walkPages reads every page of q and returns the symbols in order.
func walkPages(t *testing.T, s *market.Service, q market.AssetQuery) []string {
	t.Helper()
	var got []string
	for range len(mixedAssets) + 1 {
		p, _, err := s.ListAssets(context.Background(), q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		for _, a := range p.Page.Items {
			got = append(got, a.Symbol)
		}
		if p.Page.NextCursor == "" {
			return got
		}
		q.Cursor = p.Page.NextCursor
	}
	t.Fatalf("%+v: more pages than assets", q)
	return nil
}

// wantSymbols is what q selects from mixedAssets, in q's order, by the
// rules of the API rather than of either engine.
func wantSymbols(q market.AssetQuery) []string {
	type row struct {
		id int
		a  market.NewAsset
	}
	var rows []row
	for i, a := range mixedAssets {
		active := !slices.Contains(mixedInactive, a.Symbol)
		switch {
		case q.Type != "" && a.Type != q.Type, q.Exchange != "" && a.Exchange != q.Exchange,
			q.Active != nil && *q.Active != active,
			q.Prefix != "" && !hasPrefixASCII(a.Symbol, q.Prefix) && !hasPrefixASCII(a.Name, q.Prefix):
			continue
		}
		rows = append(rows, row{i, a})
	}
	slices.SortFunc(rows, func(x, y row) int {
		if q.Sort == market.SortByName {
			return cmp.Or(cmp.Compare(lowerASCII(x.a.Name), lowerASCII(y.a.Name)), cmp.Compare(x.id, y.id))
		}
		return cmp.Compare(x.a.Symbol, y.a.Symbol)
	})
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.a.Symbol
	}
	return out
}

// hasPrefixASCII reports whether s starts with prefix, ASCII letters
// compared case-insensitively and every other character as it is.
func hasPrefixASCII(s, prefix string) bool {
	return len(s) >= len(prefix) && lowerASCII(s[:len(prefix)]) == lowerASCII(prefix)
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

// An error reads the same on both engines: the kind, the code and the
// message the API answers.
func TestErrorsAreTheSameOnBothEngines(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s, _, _, _ := mustService(t, e)
		ctx := context.Background()
		mustCreate(t, s, "ERR")
		badBars := []market.Bar{
			{Ts: day(0), Open: 1, High: 2, Low: 1, Close: 2},
			{Ts: day(1), Open: -1, High: -1, Low: -2, Close: -1}, // consistent, but no price is negative
		}
		badQuote := []market.QuoteInput{{Symbol: "ERR", Price: -1, AsOf: day(0), Provider: "t"}}
		name := "Renamed"
		tests := []struct {
			name string
			err  error
			want apperr.Error
		}{
			{"create a symbol in use", second(s.CreateAsset(ctx, market.NewAsset{Symbol: "ERR", Name: "x", Type: "stock"})),
				apperr.Error{Kind: apperr.Conflict, Code: "conflict", Message: "asset ERR already exists"}},
			{"update an unknown symbol", second(s.UpdateAsset(ctx, "NOPE", market.AssetPatch{Name: &name})),
				apperr.Error{Kind: apperr.NotFound, Code: "not_found", Message: "asset NOPE not found"}},
			{"delete an unknown symbol", s.DeleteAsset(ctx, "NOPE"),
				apperr.Error{Kind: apperr.NotFound, Code: "not_found", Message: "asset NOPE not found"}},
			{"quote of an unknown symbol", second(s.Quote(ctx, "NOPE")),
				apperr.Error{Kind: apperr.NotFound, Code: "not_found", Message: "asset NOPE not found"}},
			{"quote of an asset without one", second(s.Quote(ctx, "ERR")),
				apperr.Error{Kind: apperr.NotFound, Code: "not_found", Message: "asset ERR has no quote yet"}},
			{"bars of an unknown symbol", second(s.IngestBars(ctx, "NOPE", market.Interval1d, badBars[:1])),
				apperr.Error{Kind: apperr.NotFound, Code: "not_found", Message: "asset NOPE not found"}},
			{"last bar of an unknown symbol", second(s.LastBar(ctx, "NOPE", market.Interval1d)),
				apperr.Error{Kind: apperr.NotFound, Code: "not_found", Message: "asset NOPE not found"}},
			{"a bar the schema refuses", second(s.IngestBars(ctx, "ERR", market.Interval1d, badBars)),
				apperr.Error{Kind: apperr.Invalid, Code: "invalid", Message: "bar 1 is not valid"}},
			{"a quote the schema refuses", second(s.IngestQuotes(ctx, badQuote)),
				apperr.Error{Kind: apperr.Invalid, Code: "invalid", Message: "quotes is not valid"}},
		}
		for _, tt := range tests {
			var got *apperr.Error
			if !errors.As(tt.err, &got) {
				t.Errorf("%s: %v, want %s", tt.name, tt.err, tt.want.Message)
				continue
			}
			if got.Kind != tt.want.Kind || got.Code != tt.want.Code || got.Message != tt.want.Message {
				t.Errorf("%s: %v %q %q, want %v %q %q", tt.name, got.Kind, got.Code, got.Message, tt.want.Kind, tt.want.Code, tt.want.Message)
			}
		}
		// A refused batch stored nothing, not even its valid bar.
		if last, err := s.LastBar(ctx, "ERR", market.Interval1d); err != nil || !last.IsZero() {
			t.Errorf("after a refused batch, the last bar is %v (%v), want none", last, err)
		}
	})
}

func second[T any](_ T, err error) error { return err }

// Concurrent changes of one asset's fields lose none of them: PostgreSQL's
// serialization failures are retried (a client retries what still fails
// busy, as it would on a 503), never answered as an internal error.
func TestConcurrentAssetUpdatesLoseNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s, _, _, _ := mustService(t, e)
		ctx := context.Background()
		mustCreate(t, s, "UPD")
		const rounds = 10
		patches := []func(i int) market.AssetPatch{
			func(i int) market.AssetPatch { return market.AssetPatch{Name: ptr("Name " + string(rune('A'+i)))} },
			func(i int) market.AssetPatch { return market.AssetPatch{Sector: ptr("Sector " + string(rune('A'+i)))} },
			func(i int) market.AssetPatch { return market.AssetPatch{Active: ptr(i%2 == 1)} },
		}
		var wg sync.WaitGroup
		errs := make(chan error, len(patches)*rounds)
		for _, patch := range patches {
			wg.Go(func() {
				for i := range rounds {
					errs <- updateRetrying(ctx, s, "UPD", patch(i))
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("update: %v", err)
			}
		}
		got, _, err := s.Asset(ctx, "UPD")
		if err != nil {
			t.Fatal(err)
		}
		last := rounds - 1
		if a := got.Asset; a.Name != *patches[0](last).Name || a.Sector != *patches[1](last).Sector || a.Active != *patches[2](last).Active {
			t.Errorf("after the updates: name %q, sector %q, active %v: a change was lost", a.Name, a.Sector, a.Active)
		}
	})
}

// updateRetrying updates as a client that retries a 503 would.
func updateRetrying(ctx context.Context, s *market.Service, symbol string, p market.AssetPatch) error {
	var err error
	for range 50 {
		if _, err = s.UpdateAsset(ctx, symbol, p); apperr.KindOf(err) != apperr.Unavailable {
			return err
		}
	}
	return err
}
