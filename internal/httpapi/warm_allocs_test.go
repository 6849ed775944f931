package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
)

// warmAllocs is the fewest allocations of five AllocsPerRun rounds of a
// warm GET of path through the whole stack. AllocsPerRun counts the whole
// process's allocations, so the server's background work (the Valkey
// probe, hit flushes) can land in a round: the fewest is the request's own.
func warmAllocs(t *testing.T, s *apitest.Server, path string) float64 {
	t.Helper()
	req := benchRequest(path)
	w := &discardWriter{header: http.Header{}}
	for range 2 { // the first is remembered by the warm path, the second takes it
		clear(w.header)
		w.code = 0
		s.Handler.ServeHTTP(w, req)
		if w.code != http.StatusOK {
			t.Fatalf("warm-up %s: %d", path, w.code)
		}
	}
	got := float64(1 << 30)
	for range 5 {
		got = min(got, testing.AllocsPerRun(200, func() {
			clear(w.header)
			w.code = 0
			s.Handler.ServeHTTP(w, req)
		}))
	}
	if w.code != http.StatusOK {
		t.Fatalf("%s: status %d", path, w.code)
	}
	return got
}

// Warm GETs through the whole stack allocate at most these many times
// (before this work: 20 for one asset, 46 for a page of 50, 53 for 20
// quotes). One of them is the RateLimit-Remaining value, made only above
// 1023 left (the tests' burst): at the default burst of 100 it is shared.
func TestWarmAllocations(t *testing.T) {
	if testing.Verbose() {
		t.Skip("with -v the server logs every request into the test log, which allocates: the counts are measured without -v")
	}
	s := apitest.Start(t, func(c *config.Config) { c.Cache.QuotesTTL = time.Hour })
	symbols := seqSymbols("WA", 20)
	mustSeedAssets(t, s, symbols...)
	quotes := make([]oas.QuoteInput, len(symbols))
	for i, sym := range symbols {
		quotes[i] = quoteIn(sym, float64(100+i), time.Now())
	}
	mustIngestQuotes(t, s, quotes...)

	for _, tc := range []struct {
		path string
		max  float64
	}{
		{"/api/assets/AAPL", 6},
		{"/api/assets?limit=50", 6},
		{"/api/assets/" + symbols[0] + "/quote", 6},
		{"/api/quotes?symbols=" + strings.Join(symbols, ","), 6},
	} {
		if got := warmAllocs(t, s, tc.path); got > tc.max+raceAllocs {
			t.Errorf("warm GET %s allocates %.0f times, want ≤ %.0f", tc.path, got, tc.max+raceAllocs)
		}
	}
}
