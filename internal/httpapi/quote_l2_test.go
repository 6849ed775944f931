package httpapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/valkey-io/valkey-go"

	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/testvalkey"
)

// Three instances share the database and Valkey: a quote loaded by one is
// served by another from l2, then from its l1; an ingestion on a third
// drops it everywhere, and the next read comes from origin.
func TestQuoteProvenanceAcrossInstances(t *testing.T) {
	t.Parallel()
	v := testvalkey.Start(t)
	a := apitest.Start(t, func(c *config.Config) { c.Cache.ValkeyURL = v.URL() })
	shared := func(c *config.Config) { c.Cache.ValkeyURL = v.URL(); c.DB = a.Config.DB }
	b, c := apitest.Start(t, shared), apitest.Start(t, shared)
	for _, s := range []*apitest.Server{a, b, c} {
		waitL2Up(t, s)
	}
	mustSeedAssets(t, a, "QXA")
	asOf := time.Now().UTC().Truncate(time.Second)
	mustIngestQuotes(t, a, quoteIn("QXA", 10, asOf))

	fromOrigin, originTag, _ := getQuote(t, a.Client, "QXA", "")
	if fromOrigin.CacheTier != tierOrigin {
		t.Fatalf("a: first read from %s, want origin", fromOrigin.CacheTier)
	}
	waitInL2(t, v, "quote:*:QXA") // a writes L2 in the background

	fromL2, l2Tag, _ := getQuote(t, b.Client, "QXA", "")
	if fromL2.CacheTier != tierL2 {
		t.Fatalf("b: first read from %s, want l2", fromL2.CacheTier)
	}
	fromL2.CacheTier = fromOrigin.CacheTier
	if *fromL2 != *fromOrigin {
		t.Errorf("through L2 = %+v, want %+v", *fromL2, *fromOrigin)
	}
	if l2Tag != originTag { // the tier is in Cache-Status, not in the body
		t.Errorf("the same quote from l2 and origin has the ETags %s and %s", l2Tag, originTag)
	}
	if q, _, _ := getQuote(t, b.Client, "QXA", ""); q.CacheTier != tierL1 {
		t.Fatalf("b: second read from %s, want l1", q.CacheTier)
	}

	wantResult(t, mustIngestQuotes(t, c, quoteIn("QXA", 11, asOf.Add(time.Second))), 1, 1, 0)
	deadline := time.Now().Add(2 * time.Second) // the invalidation reaches b over Valkey's channel
	for {
		q, _, _ := getQuote(t, b.Client, "QXA", "")
		if q.Price == 11 {
			if q.CacheTier != tierOrigin {
				t.Errorf("b: new quote from %s, want origin", q.CacheTier)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("b still serves price %v from %s 2 s after an ingestion on c", q.Price, q.CacheTier)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitInL2 waits until Valkey holds a key matching pattern: an instance
// writes L2 after answering, and a peer reading sooner would load from
// origin.
func waitInL2(t *testing.T, v *testvalkey.Server, pattern string) {
	t.Helper()
	opt, err := valkey.ParseURL(v.URL())
	if err != nil {
		t.Fatal(err)
	}
	opt.DisableCache = true
	cl, err := valkey.NewClient(opt)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := context.Background()
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		keys, err := cl.Do(ctx, cl.B().Keys().Pattern(pattern).Build()).AsStrSlice()
		if err == nil && len(keys) > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no key %q in valkey after 2 s (%v)", pattern, err)
		}
	}
}
