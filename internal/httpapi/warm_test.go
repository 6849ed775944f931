package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/market"
)

// serveInProcess answers a GET of target through the whole stack, with the
// header fields of hdr.
func serveInProcess(s *apitest.Server, target string, hdr map[string]string) *httptest.ResponseRecorder {
	req := benchRequest(target)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.Handler.ServeHTTP(w, req)
	return w
}

// sameResponse fails unless a and b carry the same status, body and header
// fields (but the request id, which is each request's own).
func sameResponse(t *testing.T, target string, a, b *httptest.ResponseRecorder) {
	t.Helper()
	if a.Code != b.Code || a.Body.String() != b.Body.String() {
		t.Fatalf("%s: warm path answered %d %q, ogen %d %q", target, b.Code, b.Body, a.Code, a.Body)
	}
	ha, hb := a.Header().Clone(), b.Header().Clone()
	ha.Del("X-Request-Id")
	hb.Del("X-Request-Id")
	for k := range ha {
		if strings.Join(ha[k], "\n") != strings.Join(hb[k], "\n") {
			t.Errorf("%s: header %s: warm path %q, ogen %q", target, k, hb[k], ha[k])
		}
	}
	for k := range hb {
		if _, ok := ha[k]; !ok {
			t.Errorf("%s: header %s only on the warm path: %q", target, k, hb[k])
		}
	}
}

// The second GET of a target skips ogen's decoding (the warm path) and
// answers exactly what ogen's path answered; a revalidation still goes
// through ogen and gets its 304.
func TestWarmPathAnswersAsOgenDoes(t *testing.T) {
	s := apitest.Start(t, func(c *config.Config) { c.Cache.QuotesTTL = time.Hour })
	symbols := seqSymbols("WP", 3)
	mustSeedAssets(t, s, symbols...)
	quotes := make([]oas.QuoteInput, len(symbols))
	for i, sym := range symbols {
		quotes[i] = quoteIn(sym, float64(10+i), time.Now())
	}
	mustIngestQuotes(t, s, quotes...)

	for _, target := range []string{
		"/api/assets/WP0000",
		"/api/assets?limit=2&sort=name",
		"/api/assets/WP0001/quote",
		"/api/quotes?symbols=WP0000,NOPE,WP0002",
	} {
		// Fill the cache through ogen first (a request with If-None-Match
		// is never remembered), so both reads below are L1 hits.
		if w := serveInProcess(s, target, map[string]string{"If-None-Match": `"x"`}); w.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", target, w.Code, w.Body)
		}
		before := s.API.WarmServed()
		viaOgen := serveInProcess(s, target, nil)
		if got := s.API.WarmServed(); got != before {
			t.Fatalf("%s: the first GET took the warm path", target)
		}
		warm := serveInProcess(s, target, nil)
		if got := s.API.WarmServed(); got != before+1 {
			t.Fatalf("%s: the second GET did not take the warm path (%d warm answers, want %d)", target, got, before+1)
		}
		sameResponse(t, target, viaOgen, warm)

		etag := warm.Header().Get("ETag")
		revalidated := serveInProcess(s, target, map[string]string{"If-None-Match": etag})
		if revalidated.Code != http.StatusNotModified || s.API.WarmServed() != before+1 {
			t.Errorf("%s: If-None-Match %s: %d (warm answers %d), want 304 from ogen", target, etag, revalidated.Code, s.API.WarmServed())
		}
	}
}

// The warm path's kept body of a symbol set follows its quotes: a new quote
// of one symbol changes the body and its tag, as ogen's path would.
func TestWarmQuoteSetFollowsItsQuotes(t *testing.T) {
	s := apitest.Start(t)
	symbols := seqSymbols("WS", 2)
	mustSeedAssets(t, s, symbols...)
	now := time.Now().Add(-time.Minute).Truncate(time.Second)
	mustIngestQuotes(t, s, quoteIn(symbols[0], 10, now), quoteIn(symbols[1], 20, now))
	target := "/api/quotes?symbols=" + strings.Join(symbols, ",")

	serveInProcess(s, target, nil) // remembered
	first := serveInProcess(s, target, nil)
	before := s.API.WarmServed()
	mustIngestQuotes(t, s, quoteIn(symbols[1], 21.5, now.Add(time.Second)))

	warm := serveInProcess(s, target, nil)
	if s.API.WarmServed() != before+1 {
		t.Fatalf("the GET after the ingestion did not take the warm path")
	}
	if !strings.Contains(warm.Body.String(), `"price":21.5`) || warm.Header().Get("ETag") == first.Header().Get("ETag") {
		t.Fatalf("warm body after a new quote: ETag %s (was %s), %s", warm.Header().Get("ETag"), first.Header().Get("ETag"), warm.Body)
	}
	viaOgen := serveInProcess(s, target, map[string]string{"If-None-Match": `"x"`})
	if viaOgen.Body.String() != warm.Body.String() || viaOgen.Header().Get("ETag") != warm.Header().Get("ETag") {
		t.Fatalf("warm path %s %s, ogen %s %s", warm.Header().Get("ETag"), warm.Body, viaOgen.Header().Get("ETag"), viaOgen.Body)
	}
}

// A remembered target whose read now fails is answered by ogen, with the
// problem document ogen's path gives.
func TestWarmPathFallsBackToOgenOnError(t *testing.T) {
	s := apitest.Start(t)
	mustSeedAssets(t, s, "WGONE")
	mustIngestQuotes(t, s, quoteIn("WGONE", 10, time.Now()))
	target := "/api/assets/WGONE/quote"
	for range 2 {
		if w := serveInProcess(s, target, nil); w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", target, w.Code)
		}
	}
	// The next read misses the cache and finds no database.
	s.Cache.InvalidateTag(context.Background(), market.SymbolTag("WGONE"))
	if err := s.SQLite(t).Reader.Close(); err != nil {
		t.Fatal(err)
	}
	before := s.API.WarmServed()
	w := serveInProcess(s, target, nil)
	if w.Code < 500 || w.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("GET without a database: %d %s %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	if s.API.WarmServed() != before {
		t.Fatalf("the warm path counted an answer it handed to ogen")
	}
	viaOgen := serveInProcess(s, target, map[string]string{"If-None-Match": `"x"`})
	problemType := func(b string) string { return b[:strings.Index(b, `","`)] }
	if viaOgen.Code != w.Code || problemType(viaOgen.Body.String()) != problemType(w.Body.String()) {
		t.Fatalf("ogen answers %d %s, the fallback %d %s", viaOgen.Code, viaOgen.Body, w.Code, w.Body)
	}
}
