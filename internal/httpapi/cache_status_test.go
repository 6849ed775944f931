package httpapi_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

// Every cached GET tells in Cache-Status (RFC 9211) which tier answered:
// the database on the first read, L1 on the second. The body does not
// depend on the tier, so the ETag of the cold read is still current when
// the warm cache answers, and a 304 says where it came from too.
func TestCacheStatusOnEveryCachedGET(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "CSA", "CSB")
	now := time.Now().UTC().Truncate(time.Second)
	mustIngestQuotes(t, s, quoteIn("CSA", 10, now), quoteIn("CSB", 20, now))
	mustIngestBars(t, s, "CSA", oas.BarInterval1d, dailyBars(now.Truncate(day), 3)...)
	res := mustIngest(t, s, newsIn("https://example.com/cs", "Cache status", "tiers", "reuters", now.Add(-time.Hour), "CSA"))
	article := strconv.FormatInt(ingestedIDs(res)[0], 10)

	for _, path := range []string{
		"/api/assets/CSA",
		"/api/assets?limit=5",
		"/api/assets/CSA/quote",
		"/api/quotes?symbols=CSB", // read symbol by symbol: CSB is not cached yet
		"/api/assets/CSA/history",
		"/api/news?symbol=CSA",
		"/api/news?q=cache",
		"/api/news/" + article,
	} {
		t.Run(path, func(t *testing.T) {
			cold := get(t, s, path, "")
			if cold.StatusCode != http.StatusOK || tierOf(t, cold.Header) != tierOrigin {
				t.Fatalf("cold read: %d, Cache-Status %q; want 200 from origin", cold.StatusCode, cold.Header.Get("Cache-Status"))
			}
			warm := get(t, s, path, "")
			if tierOf(t, warm.Header) != tierL1 {
				t.Errorf("warm read: Cache-Status %q, want l1", warm.Header.Get("Cache-Status"))
			}
			if tag := cold.Header.Get("ETag"); tag == "" || warm.Header.Get("ETag") != tag {
				t.Errorf("ETags cold %q, warm %q: the same data must have the same tag", tag, warm.Header.Get("ETag"))
			}
			nm := get(t, s, path, cold.Header.Get("ETag"))
			if nm.StatusCode != http.StatusNotModified || tierOf(t, nm.Header) != tierL1 {
				t.Errorf("conditional read with the cold tag: %d, Cache-Status %q; want 304 from l1",
					nm.StatusCode, nm.Header.Get("Cache-Status"))
			}
		})
	}
}

// get sends a GET of path (with If-None-Match when inm is set) through the
// contract-checking client and returns the response, its body closed.
func get(t *testing.T, s *apitest.Server, path, inm string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if inm != "" {
		req.Header.Set("If-None-Match", inm)
	}
	resp, err := s.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}
