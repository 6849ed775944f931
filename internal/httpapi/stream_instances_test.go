package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/stream/fanout"
	"github.com/marketpulse/api/internal/testvalkey"
)

// waitFanout waits until s's stream fan-out is in state.
func waitFanout(t *testing.T, s *apitest.Server, state string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for s.API.Stream.State() != state {
		if time.Now().After(deadline) {
			t.Fatalf("stream fan-out %s, want %s", s.API.Stream.State(), state)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Two instances on one database and one Valkey: a quote ingested on A
// reaches a client of B. With Valkey killed, B says so in health and its
// clients still get B's own changes.
func TestStreamAcrossInstances(t *testing.T) {
	t.Parallel()
	v := testvalkey.Start(t)
	a := apitest.Start(t, func(c *config.Config) { c.Cache.ValkeyURL = v.URL() })
	b := apitest.Start(t, func(c *config.Config) { c.Cache.ValkeyURL = v.URL(); c.DB = a.Config.DB })
	waitFanout(t, a, "up")
	waitFanout(t, b, "up")
	mustSeedAssets(t, a, "XIA")
	t0 := time.Now().UTC().Truncate(time.Second).Add(-time.Minute)

	st := openStream(t, b.URL+"/api/stream?symbols=XIA", "/api/stream", nil)
	deadline := time.Now().Add(10 * time.Second)
	for a.API.Stream.(*fanout.Relay).RemoteListeners() == 0 { // B said it streams
		if time.Now().After(deadline) {
			t.Fatal("A never heard that B has open streams")
		}
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	mustIngestQuotes(t, a, quoteIn("XIA", 4, t0))
	if f := st.next(); f.Event != "quote" || !strings.Contains(f.Data, `"price":4`) {
		t.Fatalf("on B after an ingest on A: %+v", f)
	}
	t.Logf("A's ingest → B's client: %v", time.Since(start)) // a figure, not an assertion

	v.Kill()
	waitFanout(t, b, "down")
	if h := mustHealth(t, b); h.Checks.Streams.Value.Fanout != "down" || h.Status != "degraded" {
		t.Fatalf("health with Valkey down: %s, streams %+v", h.Status, h.Checks.Streams)
	}
	mustIngestQuotes(t, b, quoteIn("XIA", 5, t0.Add(time.Second)))
	if f := st.next(); f.Event != "quote" || !strings.Contains(f.Data, `"price":5`) {
		t.Fatalf("on B after its own ingest with Valkey down: %+v", f)
	}
}
