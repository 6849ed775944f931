package cache_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/cache"
)

// TestInvalidateAllIsOneCommand drops 10k entries, cached in L1 on two instances and in
// L2, with one script call: no SCAN, KEYS or DEL.
func TestInvalidateAllIsOneCommand(t *testing.T) {
	t.Parallel()
	const n = 10_000
	cfg := testConfig("")
	cfg.L1MaxBytes = 64 << 20 // room for all of them
	// This test counts commands, not time: a call that a loaded machine
	// slows past the usual timeout would send a read or a write to the
	// origin instead of L2.
	cfg.CallTimeout = 10 * time.Second
	srv, a, b := mustStartPair(t, cfg)
	nsA := cache.NewNamespace[int64](a, "bulk", time.Minute)
	nsB := cache.NewNamespace[int64](b, "bulk", time.Minute)
	o := newVersioned()
	keys := make([]string, n)
	for i := range keys {
		keys[i] = strconv.Itoa(i)
		mustGet(t, nsA, keys[i], o.load)
		if i%64 == 63 {
			a.WaitL2Writes() // stay below the cap on writes in flight
		}
	}
	a.WaitL2Writes()
	if n := countGets(t, nsB, keys, o.load, func(_ int64, tier cache.Tier) bool { return tier != cache.TierL2 }); n != 0 {
		t.Fatalf("B read %d of %d keys from elsewhere than L2", n, len(keys))
	}

	raw := mustClient(t, srv)
	mustDo(t, raw, raw.B().ConfigResetstat().Build())
	o.version.Store(2)
	heard := b.Stats().Invalidations.Received
	nsA.InvalidateAll(context.Background())
	calls := commandCalls(t, raw)
	delete(calls, "ping")             // probes
	delete(calls, "config|resetstat") // ours
	delete(calls, "info")
	script := calls["evalsha"] + calls["eval"]
	delete(calls, "evalsha")
	delete(calls, "eval")
	if script != 1 {
		t.Errorf("script calls = %d, want 1", script)
	}
	// What the script runs: read and raise the generation, publish it.
	if diff := cmp.Diff(map[string]int{"get": 1, "set": 1, "publish": 1}, calls); diff != "" {
		t.Errorf("other commands (-want +got):\n%s", diff)
	}

	waitFor(t, 10*time.Second, func() bool { return b.Stats().Invalidations.Received > heard }, "invalidation heard by B")
	for name, ns := range map[string]*cache.Namespace[int64]{"A": nsA, "B": nsB} {
		if stale := countGets(t, ns, keys, o.load, func(v int64, _ cache.Tier) bool { return v != 2 }); stale != 0 {
			t.Errorf("%s served %d of %d entries from before InvalidateAll", name, stale, n)
		}
	}
}

// countGets reads keys with a few goroutines and counts the results that match.
func countGets(t *testing.T, ns *cache.Namespace[int64], keys []string, load func(context.Context) (int64, error), match func(int64, cache.Tier) bool) int64 {
	t.Helper()
	const workers = 8
	var (
		wg      sync.WaitGroup
		matched atomic.Int64
		failed  atomic.Int64
	)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(keys); i += workers {
				v, tier, err := ns.Get(context.Background(), keys[i], load)
				switch {
				case err != nil:
					failed.Add(1)
				case match(v, tier):
					matched.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if n := failed.Load(); n != 0 {
		t.Fatalf("%d Gets failed", n)
	}
	return matched.Load()
}

func TestInvalidateAllWithoutL2(t *testing.T) {
	t.Parallel()
	c := mustNew(t, testConfig(""))
	ns := cache.NewNamespace[int64](c, "n", time.Minute)
	other := cache.NewNamespace[int64](c, "other", time.Minute)
	o := newVersioned()
	for _, k := range []string{"a", "b"} {
		mustGet(t, ns, k, o.load)
		mustGet(t, other, k, o.load)
	}
	ns.InvalidateAll(context.Background())
	for _, k := range []string{"a", "b"} {
		if _, tier := mustGet(t, ns, k, o.load); tier != cache.TierOrigin {
			t.Errorf("Get(%s) after InvalidateAll tier = %s, want origin", k, tier)
		}
		if _, tier := mustGet(t, other, k, o.load); tier != cache.TierL1 {
			t.Errorf("other namespace Get(%s) tier = %s, want l1", k, tier)
		}
	}
}

// TestInvalidationsWhileDownAreReplayed: invalidations made while L2 is unreachable
// reach L2 before it is used again, so a new instance does not read what they dropped.
func TestInvalidationsWhileDownAreReplayed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		invalidate func(ctx context.Context, c *cache.Cache, ns *cache.Namespace[int64])
	}{
		{"namespace", func(ctx context.Context, _ *cache.Cache, ns *cache.Namespace[int64]) { ns.InvalidateAll(ctx) }},
		{"tag", func(ctx context.Context, c *cache.Cache, _ *cache.Namespace[int64]) { c.InvalidateTag(ctx, "t") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, a := mustStartUp(t)
			nsA := cache.NewNamespace[int64](a, "n", time.Minute)
			o := newVersioned()
			tagged := cache.WithTags("t")
			mustGetOpts(t, nsA, "k", o.load, tagged)
			a.WaitL2Writes()

			srv.Pause() // keeps the data
			waitL2(t, a, cache.StateDown)
			o.version.Store(2)
			tt.invalidate(context.Background(), a, nsA)
			if v, tier := mustGetOpts(t, nsA, "k", o.load, tagged); v != 2 || tier != cache.TierOrigin {
				t.Errorf("A while down = %d, %s; want 2, origin", v, tier)
			}
			srv.Resume()
			waitL2(t, a, cache.StateUp)

			b := mustNew(t, testConfig(srv.URL()))
			waitL2(t, b, cache.StateUp)
			nsB := cache.NewNamespace[int64](b, "n", time.Minute)
			if v, _ := mustGetOpts(t, nsB, "k", o.load, tagged); v != 2 {
				t.Errorf("instance B = %d, want 2: the invalidated entry survived in L2", v)
			}
		})
	}
}

// TestGenerationsSurviveValkeyDataLoss: a restarted Valkey forgets generations; the
// instances bring theirs back, so a new instance reads the L2 keys they write.
func TestGenerationsSurviveValkeyDataLoss(t *testing.T) {
	t.Parallel()
	srv, a := mustStartUp(t)
	nsA := cache.NewNamespace[int64](a, "n", time.Minute)
	nsA.InvalidateAll(context.Background())
	nsA.InvalidateAll(context.Background())

	srv.Restart()
	waitFor(t, 2*time.Second, func() bool {
		s := a.Stats()
		return s.Invalidations.Subscriptions == 2 && s.Breaker.State == cache.StateUp
	}, "resubscription after restart")
	b := mustNew(t, testConfig(srv.URL()))
	waitL2(t, b, cache.StateUp)
	nsB := cache.NewNamespace[int64](b, "n", time.Minute)

	// A's first commands after the restart may meet its dead connection: it agrees on
	// generations again shortly after. Then B reads what A writes.
	o := newVersioned()
	i := 0
	waitFor(t, time.Second, func() bool {
		i++
		k := strconv.Itoa(i)
		mustGet(t, nsA, k, o.load)
		a.WaitL2Writes()
		_, tier := mustGet(t, nsB, k, o.load)
		return tier == cache.TierL2
	}, "instance B reading what A wrote: the instances disagree on the generation")
}

func mustGetOpts[T any](tb testing.TB, ns *cache.Namespace[T], key string, load func(context.Context) (T, error), opts ...cache.GetOption) (T, cache.Tier) {
	tb.Helper()
	v, tier, err := ns.Get(context.Background(), key, load, opts...)
	if err != nil {
		tb.Fatalf("Get(%q): %v", key, err)
	}
	return v, tier
}
