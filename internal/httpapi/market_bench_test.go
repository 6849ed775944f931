package httpapi_test

import (
	"net/http"
	"net/http/httptest"
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

	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = "192.0.2.1:1234"
	warm := httptest.NewRecorder()
	s.Handler.ServeHTTP(warm, req)
	if warm.Code != http.StatusOK {
		b.Fatalf("warm-up %s: %d %s", path, warm.Code, warm.Body)
	}
	before := s.Cache.Stats().OriginLoads
	b.ReportAllocs()
	b.ResetTimer()
	w := &discardWriter{header: http.Header{}}
	for b.Loop() {
		clear(w.header)
		w.code = 0
		s.Handler.ServeHTTP(w, req)
		if w.code != http.StatusOK {
			b.Fatalf("%s: %d", path, w.code)
		}
	}
	b.StopTimer()
	if loads := s.Cache.Stats().OriginLoads - before; loads != 0 {
		b.Fatalf("%d origin loads (SQL) during warm reads, want 0", loads)
	}
}

func BenchmarkGetQuoteWarm(b *testing.B) {
	benchMarketGet(b, []string{"QBENCH"}, "/api/assets/QBENCH/quote")
}

func BenchmarkListQuotes20Warm(b *testing.B) {
	symbols := seqSymbols("QW", 20)
	benchMarketGet(b, symbols, "/api/quotes?symbols="+strings.Join(symbols, ","))
}
