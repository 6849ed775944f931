package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/marketpulse/api/internal/apitest"
)

// A warm GET /api/assets/{symbol} through the whole stack allocates at most
// maxWarmAllocs times: the middleware shares one context per layer, pools
// the access log's writer and reuses header values (20 before).
func TestWarmAssetAllocations(t *testing.T) {
	const maxWarmAllocs = 12 + raceAllocs
	s := apitest.Start(t)
	req := benchRequest("/api/assets/AAPL")
	w := &discardWriter{header: http.Header{}}
	s.Handler.ServeHTTP(w, req)
	if w.code != http.StatusOK {
		t.Fatalf("warm-up: %d", w.code)
	}
	// AllocsPerRun counts the whole process's allocations, so the server's
	// background work (the Valkey probe, hit flushes) can land in a round:
	// the fewest of five rounds is the request's own.
	got := float64(1 << 30)
	for range 5 {
		got = min(got, testing.AllocsPerRun(200, func() {
			clear(w.header)
			w.code = 0
			s.Handler.ServeHTTP(w, req)
		}))
	}
	if w.code != http.StatusOK {
		t.Fatalf("status %d", w.code)
	}
	if got > maxWarmAllocs {
		t.Errorf("warm GET allocates %.0f times, want ≤ %d", got, maxWarmAllocs)
	}
}
