package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

// mustSeedAssets creates stock assets with the given symbols (no quotes,
// no bars) through the admin API, so market tests do not depend on what the
// demo data holds.
func mustSeedAssets(tb testing.TB, s *apitest.Server, symbols ...string) {
	tb.Helper()
	s.CreateAssets(tb, "Test ", symbols...)
}

// seqSymbols returns n symbols prefix0000, prefix0001, ...
func seqSymbols(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%04d", prefix, i)
	}
	return out
}

// quoteIn is a valid quote input.
func quoteIn(sym string, price float64, asOf time.Time) oas.QuoteInput {
	return oas.QuoteInput{Symbol: oas.Symbol(sym), Price: price, AsOf: asOf, Provider: "test",
		Change: oas.NewOptFloat64(price / 100), ChangePct: oas.NewOptFloat64(1), Volume: oas.NewOptInt64(1000)}
}

// mustIngestQuotes posts quotes as admin and returns the result.
func mustIngestQuotes(tb testing.TB, s *apitest.Server, quotes ...oas.QuoteInput) *oas.IngestResult {
	tb.Helper()
	res, err := s.Admin.IngestQuotes(context.Background(), &oas.QuoteBatch{Quotes: quotes})
	if err != nil {
		tb.Fatalf("IngestQuotes: %v", err)
	}
	return res
}

// getQuote reads a quote through the contract-checking client.
// tieredQuote is a quote read with the tier that its Cache-Status named.
type tieredQuote struct {
	oas.Quote
	CacheTier string // tierL1, tierL2, tierOrigin or tierPartial
}

// The tiers a Cache-Status names (see tierOf).
const (
	tierL1      = "l1"
	tierL2      = "l2"
	tierOrigin  = "origin"
	tierPartial = "partial"
)

// tierOf reads the tier from the Cache-Status of hdr, or fails the test for
// a value of another shape.
func tierOf(tb testing.TB, hdr http.Header) string {
	tb.Helper()
	switch v := hdr.Get("Cache-Status"); v {
	case "marketpulse; hit; detail=l1":
		return tierL1
	case "marketpulse; hit; detail=l2":
		return tierL2
	case "marketpulse; fwd=uri-miss; stored":
		return tierOrigin
	case "marketpulse; fwd=partial; stored":
		return tierPartial
	default:
		tb.Fatalf("Cache-Status = %q", v)
		return ""
	}
}

func getQuote(tb testing.TB, c *oas.Client, sym, ifNoneMatch string) (*tieredQuote, string, string) {
	tb.Helper()
	p := oas.GetQuoteParams{Symbol: oas.Symbol(sym)}
	if ifNoneMatch != "" {
		p.IfNoneMatch = oas.NewOptString(ifNoneMatch)
	}
	q, hdr, err := apitest.Body[oas.Quote](c.GetQuote(context.Background(), p))
	if err != nil {
		tb.Fatalf("GetQuote(%s): %v", sym, err)
	}
	return &tieredQuote{Quote: *q, CacheTier: tierOf(tb, hdr)}, hdr.Get("ETag"), hdr.Get("Cache-Control")
}

// wantResult compares an ingestion's counts.
func wantResult(tb testing.TB, got *oas.IngestResult, received, stored, ignored int32) {
	tb.Helper()
	if got.Received != received || got.Stored != stored || got.Ignored != ignored {
		tb.Fatalf("result = %+v, want received %d stored %d ignored %d", *got, received, stored, ignored)
	}
}
