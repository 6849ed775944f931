package httpapi_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

// Within a batch and across batches, the newest quote of a symbol wins;
// an older or equally old one is ignored, and resending changes nothing.
func TestQuoteIngestKeepsTheNewest(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "QIA", "QIB")
	t0 := time.Now().UTC().Truncate(time.Second).Add(-time.Minute)

	batch := []oas.QuoteInput{quoteIn("QIA", 2, t0.Add(2*time.Second)), quoteIn("QIA", 1, t0), quoteIn("QIB", 5, t0)}
	wantResult(t, mustIngestQuotes(t, s, batch...), 3, 2, 1)
	wantResult(t, mustIngestQuotes(t, s, batch...), 3, 0, 3) // idempotent
	wantResult(t, mustIngestQuotes(t, s, quoteIn("QIA", 7, t0.Add(time.Second))), 1, 0, 1)

	// Equal asOf: the first of the batch wins; the stored one is not replaced.
	wantResult(t, mustIngestQuotes(t, s, quoteIn("QIB", 6, t0.Add(time.Second)), quoteIn("QIB", 9, t0.Add(time.Second))), 2, 1, 1)
	wantResult(t, mustIngestQuotes(t, s, quoteIn("QIB", 8, t0.Add(time.Second))), 1, 0, 1)

	for sym, want := range map[string]float64{"QIA": 2, "QIB": 6} {
		if q, _, _ := getQuote(t, s.Client, sym, ""); q.Price != want {
			t.Errorf("%s price = %v, want %v", sym, q.Price, want)
		}
	}
	// A stored market cap and defaults for the optional fields.
	in := oas.QuoteInput{Symbol: "QIA", Price: 3, AsOf: t0.Add(time.Minute), Provider: "vendor-x", MarketCap: oas.NewOptFloat64(1.5e12)}
	mustIngestQuotes(t, s, in)
	q, _, _ := getQuote(t, s.Client, "QIA", "")
	want := oas.Quote{Symbol: "QIA", Price: 3, MarketCap: oas.NewNilFloat64(1.5e12), AsOf: in.AsOf, Provider: "vendor-x",
		UpdatedAt: q.UpdatedAt}
	if q.CacheTier != tierOrigin {
		t.Errorf("stored quote read from %s, want origin", q.CacheTier)
	}
	if diff := cmp.Diff(want, q.Quote); diff != "" {
		t.Errorf("stored quote (-want +got):\n%s", diff)
	}
}

// One unknown symbol at the end of 1,000 quotes rejects the whole batch
// with its location; the same batch without it is stored whole.
func TestQuoteIngestAllOrNothing(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	symbols := seqSymbols("QB", 1000)
	mustSeedAssets(t, s, symbols...)
	asOf := time.Now().UTC().Truncate(time.Second)
	batch := make([]oas.QuoteInput, len(symbols))
	for i, sym := range symbols {
		batch[i] = quoteIn(sym, float64(i+1), asOf)
	}
	bad := slices.Clone(batch)
	bad[999].Symbol = "NOPE"
	_, err := s.Admin.IngestQuotes(context.Background(), &oas.QuoteBatch{Quotes: bad})
	p := mustProblem(t, err, http.StatusUnprocessableEntity, "invalid_batch")
	if got := pointers(p); !slices.Equal(got, []string{"/body/quotes/999/symbol"}) {
		t.Errorf("pointers = %v", got)
	}
	sample := []oas.Symbol{"QB0000", "QB0500", "QB0998"}
	l := mustListQuotes(t, s, sample...)
	if len(l.Quotes) != 0 || !slices.Equal(l.Unquoted, sample) {
		t.Fatalf("after a rejected batch: %+v, want nothing stored", l)
	}

	wantResult(t, mustIngestQuotes(t, s, batch...), 1000, 1000, 0)
	for from := 0; from < 1000; from += 50 {
		syms := make([]oas.Symbol, 50)
		for i := range syms {
			syms[i] = oas.Symbol(symbols[from+i])
		}
		l := mustListQuotes(t, s, syms...)
		if len(l.Quotes) != 50 || l.Quotes[49].Price != float64(from+50) {
			t.Fatalf("quotes %d..%d: %d stored, last %+v", from, from+49, len(l.Quotes), l.Quotes[len(l.Quotes)-1])
		}
	}
}

// Every bad item is located, up to the 100 errors a problem may list.
func TestQuoteIngestLocatesEveryBadItem(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "QOK")
	now := time.Now().UTC()
	_, err := s.Admin.IngestQuotes(context.Background(), &oas.QuoteBatch{Quotes: []oas.QuoteInput{
		quoteIn("QOK", 1, now), quoteIn("NOPE", 1, now), quoteIn("QOK", 1, now.Add(48*time.Hour)), quoteIn("NADA", 1, now),
	}})
	p := mustProblem(t, err, http.StatusUnprocessableEntity, "invalid_batch")
	if got, want := pointers(p), []string{"/body/quotes/1/symbol", "/body/quotes/2/asOf", "/body/quotes/3/symbol"}; !slices.Equal(got, want) {
		t.Errorf("pointers = %v, want %v", got, want)
	}

	many := make([]oas.QuoteInput, 150)
	for i := range many {
		many[i] = quoteIn("NOPE", 1, now)
	}
	_, err = s.Admin.IngestQuotes(context.Background(), &oas.QuoteBatch{Quotes: many})
	if p := mustProblem(t, err, http.StatusUnprocessableEntity, "invalid_batch"); len(p.Errors) != 100 || p.Errors[99].Pointer != "/body/quotes/99/symbol" {
		t.Errorf("%d errors, last %+v; want the first 100", len(p.Errors), p.Errors[len(p.Errors)-1])
	}
	if _, err := s.Client.GetQuote(context.Background(), oas.GetQuoteParams{Symbol: "QOK"}); err == nil {
		t.Error("QOK has a quote after rejected batches")
	}
}

// mustListQuotes lists quotes through the contract-checking client.
func mustListQuotes(tb testing.TB, s *apitest.Server, symbols ...oas.Symbol) *oas.QuoteList {
	tb.Helper()
	l, _, err := apitest.Body[oas.QuoteList](s.Client.ListQuotes(context.Background(), oas.ListQuotesParams{Symbols: symbols}))
	if err != nil {
		tb.Fatalf("ListQuotes: %v", err)
	}
	return l
}
