package cache_test

import (
	"testing"
	"time"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/testvalkey"
)

// TestL1TTLIsCappedWhileL2IsDown: peers cannot tell an instance without L2 about
// changes, so its L1 entries live at most DownL1TTL, including those loaded before
// L2 went down. Without L2 configured there are no peers, and entries live their TTL.
func TestL1TTLIsCappedWhileL2IsDown(t *testing.T) {
	t.Parallel()
	const downTTL = 200 * time.Millisecond
	tests := []struct {
		name string
		// setup returns a cache whose L2 is in state want, with key "k" loaded while
		// L2 was in the state it had when loading.
		setup    func(t *testing.T, cfg cache.Config, load func(*cache.Cache)) *cache.Cache
		wantTier cache.Tier // after downTTL
	}{
		{"l2 never reachable", func(t *testing.T, cfg cache.Config, load func(*cache.Cache)) *cache.Cache {
			cfg.ValkeyURL = "valkey://" + testvalkey.ClosedAddr(t)
			c := mustNew(t, cfg)
			load(c)
			return c
		}, cache.TierOrigin},
		{"l2 killed after loading", func(t *testing.T, cfg cache.Config, load func(*cache.Cache)) *cache.Cache {
			srv := testvalkey.Start(t)
			cfg.ValkeyURL = srv.URL()
			c := mustNew(t, cfg)
			waitL2(t, c, cache.StateUp)
			load(c)
			srv.Kill()
			waitL2(t, c, cache.StateDown)
			return c
		}, cache.TierOrigin},
		{"l2 disabled", func(t *testing.T, cfg cache.Config, load func(*cache.Cache)) *cache.Cache {
			c := mustNew(t, cfg)
			load(c)
			return c
		}, cache.TierL1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig("")
			cfg.DownL1TTL = downTTL
			o := newVersioned()
			var ns *cache.Namespace[int64]
			tt.setup(t, cfg, func(c *cache.Cache) {
				ns = cache.NewNamespace[int64](c, "n", time.Minute)
				mustGet(t, ns, "k", o.load)
			})
			if _, tier := mustGet(t, ns, "k", o.load); tier != cache.TierL1 {
				t.Fatalf("tier before DownL1TTL = %s, want l1", tier)
			}
			if tt.wantTier == cache.TierOrigin {
				// Capped: the entry of a minute's TTL is reloaded within seconds.
				// Read until it is, rather than sleeping for the cap: a loaded
				// machine's clock and probe loop may lag.
				for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
					if _, tier := mustGet(t, ns, "k", o.load); tier == cache.TierOrigin {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("entry still in L1 10 s after loading, want it capped at DownL1TTL %v", downTTL)
					}
				}
				return
			}
			time.Sleep(downTTL*11/10 + 3*probeInterval + 50*time.Millisecond) // jitter, cap after the probe
			if _, tier := mustGet(t, ns, "k", o.load); tier != tt.wantTier {
				t.Errorf("tier after DownL1TTL = %s, want %s", tier, tt.wantTier)
			}
		})
	}
}
