package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/testvalkey"
)

// A history cached by one instance is served by another from Valkey with
// the same bytes, so the same ETag; an ingestion on either drops it on
// both. Unknown symbols answer the same problem from the shared tombstone.
func TestHistoryThroughValkey(t *testing.T) {
	t.Parallel()
	v := testvalkey.Start(t)
	a := apitest.Start(t, func(c *config.Config) { c.Cache.ValkeyURL = v.URL() })
	b := apitest.Start(t, func(c *config.Config) { c.Cache.ValkeyURL = v.URL(); c.DB = a.Config.DB })
	waitL2Up(t, a)
	waitL2Up(t, b)
	mustSeedAssets(t, a, "HXA")
	to := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	mustIngestBars(t, a, "HXA", oas.BarInterval1d, dailyBars(to, 30)...)
	params := oas.GetHistoryParams{Symbol: "HXA", To: oas.NewOptDateTime(to)}

	onA, hdrA := getHistory(t, a, params)
	waitInL2(t, v, "history:*HXA*")
	onB, hdrB := getHistory(t, b, params)
	if diff := cmp.Diff(onA, onB); diff != "" || len(onB.Bars) != 30 {
		t.Fatalf("b read %d bars (-a +b):\n%s", len(onB.Bars), diff)
	}
	if hdrA.Get("ETag") != hdrB.Get("ETag") {
		t.Errorf("same bytes, different ETags: %s, %s", hdrA.Get("ETag"), hdrB.Get("ETag"))
	}

	fix := onA.Bars[29]
	fix.Close, fix.High = fix.High, fix.High+1
	wantResult(t, mustIngestBars(t, a, "HXA", oas.BarInterval1d, fix), 1, 1, 0)
	deadline := time.Now().Add(2 * time.Second)
	for {
		h, _ := getHistory(t, b, params)
		if h.Bars[29].Close == fix.Close {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("b still serves the old bar 2 s after an ingestion on a")
		}
		time.Sleep(5 * time.Millisecond)
	}

	_, err := a.Client.GetQuote(context.Background(), oas.GetQuoteParams{Symbol: "NOPE"})
	onAProblem := mustProblem(t, err, http.StatusNotFound, "not_found")
	waitInL2(t, v, "quote:*NOPE")
	_, err = b.Client.GetQuote(context.Background(), oas.GetQuoteParams{Symbol: "NOPE"})
	if p := mustProblem(t, err, http.StatusNotFound, "not_found"); p.Detail != onAProblem.Detail {
		t.Errorf("tombstone through valkey: %q, want %q", p.Detail.Value, onAProblem.Detail.Value)
	}
}
