package cache_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/cache"
)

// tierSetups run a test on L1 alone and on L1 + a real Valkey.
var tierSetups = []struct {
	name string
	new  func(tb testing.TB) *cache.Cache
}{
	{"l1 only", func(tb testing.TB) *cache.Cache { return mustNew(tb, testConfig("")) }},
	{"l1+l2", func(tb testing.TB) *cache.Cache { _, c := mustStartUp(tb); return c }},
}

func TestGetHitsL1AfterFirstLoad(t *testing.T) {
	t.Parallel()
	for _, tt := range tierSetups {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := tt.new(t)
			quotes := cache.NewNamespace[quote](c, "quotes", time.Minute)
			names := cache.NewNamespace[string](c, "names", time.Minute)
			aapl := &origin[quote]{val: quote{Symbol: "AAPL", Price: 187.5}}
			name := &origin[string]{val: "Apple Inc."}

			var tiers []cache.Tier
			for range 3 {
				got, tier := mustGet(t, quotes, "AAPL", aapl.load)
				if diff := cmp.Diff(aapl.val, got); diff != "" {
					t.Fatalf("quote (-want +got):\n%s", diff)
				}
				tiers = append(tiers, tier)
			}
			// Same key, other namespace: its own entry.
			if got, tier := mustGet(t, names, "AAPL", name.load); got != name.val || tier != cache.TierOrigin {
				t.Errorf("names.Get = %q, %s; want %q, origin", got, tier, name.val)
			}

			if diff := cmp.Diff([]cache.Tier{cache.TierOrigin, cache.TierL1, cache.TierL1}, tiers); diff != "" {
				t.Errorf("tiers (-want +got):\n%s", diff)
			}
			if n := aapl.calls.Load(); n != 1 {
				t.Errorf("loader calls = %d, want 1", n)
			}
		})
	}
}

func TestGetReloadsAfterTTL(t *testing.T) {
	t.Parallel()
	const ttl = time.Second
	for _, tt := range tierSetups {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := tt.new(t)
			ns := cache.NewNamespace[int](c, "ttl", ttl)
			o := &origin[int]{val: 42}

			cached := time.Now()
			if _, tier := mustGet(t, ns, "k", o.load); tier != cache.TierOrigin {
				t.Fatalf("first Get tier = %s, want origin", tier)
			}
			if _, tier := mustGet(t, ns, "k", o.load); tier != cache.TierL1 {
				t.Fatalf("Get within TTL tier = %s, want l1", tier)
			}
			// Read until the origin answers again (the entry lives ttl ±10% in
			// L1 and L2), which must not happen before: a condition, not a
			// sleep, as a loaded machine's coarse clock may lag.
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				_, tier := mustGet(t, ns, "k", o.load)
				if tier == cache.TierOrigin {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("Get 10 s after an entry of TTL %v: tier %s, want origin", ttl, tier)
				}
			}
			if age := time.Since(cached); age < ttl*9/10 {
				t.Errorf("the entry expired after %v, before its TTL %v", age, ttl)
			}
			if n := o.calls.Load(); n != 2 {
				t.Errorf("loader calls = %d, want 2", n)
			}
		})
	}
}

var errNoQuote = errors.New("no such quote")

func TestGetCachesNotFound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		opts      []cache.NamespaceOption
		give      error
		wantKind  error
		wantCalls int64 // after two Gets within NotFoundTTL
	}{
		{"default kind", nil, fmt.Errorf("quote %q: %w", "ZZZZ", cache.ErrNotFound), cache.ErrNotFound, 1},
		{"custom kind", []cache.NamespaceOption{cache.WithNotFound(errNoQuote)}, fmt.Errorf("load: %w", errNoQuote), errNoQuote, 1},
		{"other error is not cached", nil, errors.New("database is locked"), nil, 2},
		{"default kind, namespace expects another", []cache.NamespaceOption{cache.WithNotFound(errNoQuote)},
			fmt.Errorf("quote: %w", cache.ErrNotFound), nil, 2},
	}
	for _, setup := range tierSetups {
		for _, tt := range tests {
			t.Run(setup.name+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				c := setup.new(t)
				ns := cache.NewNamespace[quote](c, "quotes", time.Minute, tt.opts...)
				o := &origin[quote]{err: tt.give}

				wantTiers := []cache.Tier{cache.TierOrigin, cache.TierL1}
				if tt.wantKind == nil {
					wantTiers = []cache.Tier{cache.TierOrigin, cache.TierOrigin}
				}
				var tiers []cache.Tier
				cached := time.Now()
				for range 2 {
					_, tier, err := ns.Get(context.Background(), "ZZZZ", o.load)
					if err == nil || err.Error() != tt.give.Error() {
						t.Fatalf("Get error = %v, want %v", err, tt.give)
					}
					if tt.wantKind != nil && !errors.Is(err, tt.wantKind) {
						t.Fatalf("Get error %v is not %v", err, tt.wantKind)
					}
					tiers = append(tiers, tier)
				}
				if diff := cmp.Diff(wantTiers, tiers); diff != "" {
					t.Errorf("tiers (-want +got):\n%s", diff)
				}
				if n := o.calls.Load(); n != tt.wantCalls {
					t.Errorf("loader calls = %d, want %d", n, tt.wantCalls)
				}
				if tt.wantKind == nil {
					return
				}
				// The tombstone expires after NotFoundTTL (±10%): read until the
				// origin answers again, which must not happen before. Waiting on
				// that condition, not for a fixed time, keeps a loaded machine
				// (whose coarse clock may lag) from failing the test.
				for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
					_, tier, _ := ns.Get(context.Background(), "ZZZZ", o.load)
					if tier == cache.TierOrigin {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("Get 10 s after a tombstone of NotFoundTTL %v: tier %s, want origin", notFoundTTL, tier)
					}
				}
				if age := time.Since(cached); age < notFoundTTL*9/10 {
					t.Errorf("the tombstone expired after %v, before NotFoundTTL %v", age, notFoundTTL)
				}
			})
		}
	}
}

func TestGetLoadsOnceForConcurrentColdGets(t *testing.T) {
	t.Parallel()
	for _, tt := range tierSetups {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := tt.new(t)
			ns := cache.NewNamespace[quote](c, "quotes", time.Minute)
			o := &origin[quote]{val: quote{Symbol: "MSFT", Price: 411}, delay: 50 * time.Millisecond}

			const n = 100
			var (
				wg    sync.WaitGroup
				start = make(chan struct{})
				tiers = make([]cache.Tier, n)
				errs  = make([]error, n)
			)
			for i := range n {
				wg.Go(func() {
					<-start
					var got quote
					got, tiers[i], errs[i] = ns.Get(context.Background(), "MSFT", o.load)
					if errs[i] == nil && got != o.val {
						errs[i] = fmt.Errorf("got %+v", got)
					}
				})
			}
			close(start)
			wg.Wait()

			if err := errors.Join(errs...); err != nil {
				t.Fatalf("Get: %v", err)
			}
			if calls := o.calls.Load(); calls != 1 {
				t.Errorf("loader calls = %d, want 1", calls)
			}
			count := map[cache.Tier]int{}
			for _, tier := range tiers {
				count[tier]++
			}
			if diff := cmp.Diff(map[cache.Tier]int{cache.TierOrigin: 1, cache.TierL1: n - 1}, count); diff != "" {
				t.Errorf("tiers (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInvalidateRemovesFromL1AndL2(t *testing.T) {
	t.Parallel()
	for _, tt := range tierSetups {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := tt.new(t)
			ns := cache.NewNamespace[quote](c, "quotes", time.Minute)
			o := &origin[quote]{val: quote{Symbol: "NVDA", Price: 120}}
			keep := &origin[quote]{val: quote{Symbol: "AMD", Price: 150}}
			for _, k := range []string{"NVDA", "TSLA"} {
				mustGet(t, ns, k, o.load)
			}
			mustGet(t, ns, "AMD", keep.load)
			c.WaitL2Writes()

			ns.Invalidate(context.Background(), "NVDA", "TSLA")

			// Any tier but origin means a copy survived in L1 or L2.
			for _, k := range []string{"NVDA", "TSLA"} {
				if _, tier := mustGet(t, ns, k, o.load); tier != cache.TierOrigin {
					t.Errorf("Get(%s) after Invalidate tier = %s, want origin", k, tier)
				}
			}
			if _, tier := mustGet(t, ns, "AMD", keep.load); tier != cache.TierL1 {
				t.Errorf("Get(AMD) tier = %s, want l1: Invalidate removed too much", tier)
			}
		})
	}
}
