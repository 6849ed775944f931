package cache_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/cache"
)

// An invalidation on A, by key, namespace or tag, reaches B: both serve the new value,
// and B hears exactly one invalidation.
func TestInvalidationsReachPeers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		opts       []cache.GetOption
		invalidate func(ctx context.Context, c *cache.Cache, ns *cache.Namespace[int64])
	}{
		{"keys", nil, func(ctx context.Context, _ *cache.Cache, ns *cache.Namespace[int64]) {
			ns.Invalidate(ctx, "k")
		}},
		{"namespace", nil, func(ctx context.Context, _ *cache.Cache, ns *cache.Namespace[int64]) {
			ns.InvalidateAll(ctx)
		}},
		{"tag", []cache.GetOption{cache.WithTags("symbol:AAPL")}, func(ctx context.Context, c *cache.Cache, _ *cache.Namespace[int64]) {
			c.InvalidateTag(ctx, "symbol:AAPL")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// The L2 steps before the invalidation must not time out on a
			// loaded machine: B's first read is to come from L2.
			cfg := testConfig("")
			cfg.CallTimeout = 5 * time.Second
			_, a, b := mustStartPair(t, cfg)
			nsA := cache.NewNamespace[int64](a, "n", time.Minute)
			nsB := cache.NewNamespace[int64](b, "n", time.Minute)
			o := newVersioned()
			ctx := context.Background()

			if _, tier, _ := nsA.Get(ctx, "k", o.load, tt.opts...); tier != cache.TierOrigin {
				t.Fatalf("A first Get tier = %s, want origin", tier)
			}
			a.WaitL2Writes()
			if _, tier, _ := nsB.Get(ctx, "k", o.load, tt.opts...); tier != cache.TierL2 {
				t.Fatalf("B first Get tier = %s, want l2", tier)
			}
			for name, ns := range map[string]*cache.Namespace[int64]{"A": nsA, "B": nsB} {
				if v, tier, _ := ns.Get(ctx, "k", o.load, tt.opts...); v != 1 || tier != cache.TierL1 {
					t.Fatalf("%s before invalidation = %d, %s; want 1, l1", name, v, tier)
				}
			}

			o.version.Store(2)
			tt.invalidate(ctx, a, nsA)
			done := time.Now()
			tookA := pollNew(t, nsA, "k", o.load, 2, done, propagation, tt.opts...)
			tookB := pollNew(t, nsB, "k", o.load, 2, done, propagation, tt.opts...)
			t.Logf("new value served by A after %v, by B after %v", tookA, tookB)
			if n := b.Stats().Invalidations.Received; n != 1 {
				t.Errorf("B received %d invalidations, want 1", n)
			}
		})
	}
}

func TestConcurrentColdReadsOnTwoInstancesLoadAtMostTwice(t *testing.T) {
	t.Parallel()
	_, a, b := mustStartPair(t, testConfig(""))
	namespaces := []*cache.Namespace[quote]{
		cache.NewNamespace[quote](a, "quotes", time.Minute),
		cache.NewNamespace[quote](b, "quotes", time.Minute),
	}
	o := &origin[quote]{val: quote{Symbol: "MSFT", Price: 411}, delay: 50 * time.Millisecond}

	const n = 100
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		errs  = make([]error, n)
	)
	for i := range n {
		wg.Go(func() {
			<-start
			got, _, err := namespaces[i%2].Get(context.Background(), "MSFT", o.load)
			if err == nil && got != o.val {
				err = fmt.Errorf("got %+v", got)
			}
			errs[i] = err
		})
	}
	close(start)
	wg.Wait()

	if err := errors.Join(errs...); err != nil {
		t.Fatalf("Get: %v", err)
	}
	if calls := o.calls.Load(); calls > 2 {
		t.Errorf("origin loads = %d, want at most 2 (one per instance)", calls)
	}
	if loads := a.Stats().OriginLoads + b.Stats().OriginLoads; loads != uint64(o.calls.Load()) {
		t.Errorf("Stats origin loads = %d, loader calls = %d", loads, o.calls.Load())
	}
}
