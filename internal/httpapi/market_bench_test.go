package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
)

// benchMarketGet serves path through the full stack in-process after
// quotes for symbols were ingested and one warming request, and fails if a
// warm read loads anything from the database. The quote TTL is long, so no
// refresh-ahead runs during the benchmark.
func benchMarketGet(b *testing.B, symbols []string, path string) {
	s := apitest.Start(b, func(c *config.Config) { c.Cache.QuotesTTL = time.Hour })
	mustSeedAssets(b, s, symbols...)
	quotes := make([]oas.QuoteInput, len(symbols))
	for i, sym := range symbols {
		quotes[i] = quoteIn(sym, float64(100+i), time.Now())
	}
	mustIngestQuotes(b, s, quotes...)

	benchServe(b, s, benchRequest(path))
}

func BenchmarkGetQuoteWarm(b *testing.B) {
	benchMarketGet(b, []string{"QBENCH"}, "/api/assets/QBENCH/quote")
}

func BenchmarkListQuotes20Warm(b *testing.B) {
	symbols := seqSymbols("QW", 20)
	benchMarketGet(b, symbols, "/api/quotes?symbols="+strings.Join(symbols, ","))
}
