package cache_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/cache"
)

// TestLoadOverlappingInvalidationStaysOutOfL2: B loads a value, A invalidates it while
// B's load runs, then B's load returns the old value. B's L2 write comes after A's
// delete, and must be refused; otherwise every instance would read the old value from
// L2 until its TTL.
func TestLoadOverlappingInvalidationStaysOutOfL2(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		opts       []cache.GetOption
		invalidate func(ctx context.Context, c *cache.Cache, ns *cache.Namespace[int64])
	}{
		{"key", nil, func(ctx context.Context, _ *cache.Cache, ns *cache.Namespace[int64]) {
			ns.Invalidate(ctx, "k")
		}},
		{"tag", []cache.GetOption{cache.WithTags("t")}, func(ctx context.Context, c *cache.Cache, _ *cache.Namespace[int64]) {
			c.InvalidateTag(ctx, "t")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, a, b := mustStartPair(t, testConfig(""))
			nsA := cache.NewNamespace[int64](a, "n", time.Minute)
			nsB := cache.NewNamespace[int64](b, "n", time.Minute)
			o := newVersioned()
			ctx := context.Background()

			// The first load reads before the change; otter may discard it on hearing of
			// the invalidation and load again.
			loading, release := make(chan struct{}), make(chan struct{})
			var first sync.Once
			stale := func(ctx context.Context) (int64, error) {
				v := int64(0)
				first.Do(func() {
					close(loading)
					<-release
					v = 1
				})
				if v == 1 {
					return v, nil
				}
				return o.load(ctx)
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				_, _, _ = nsB.Get(ctx, "k", stale, tt.opts...)
			}()
			<-loading
			o.version.Store(2)
			heard := b.Stats().Invalidations.Received
			tt.invalidate(ctx, a, nsA)
			// B hears of it while still loading.
			waitFor(t, 10*time.Second, func() bool { return b.Stats().Invalidations.Received > heard }, "invalidation heard by B")
			close(release)
			<-done
			b.WaitL2Writes()

			c := mustNew(t, testConfig(srv.URL()))
			waitL2(t, c, cache.StateUp)
			nsC := cache.NewNamespace[int64](c, "n", time.Minute)
			if v, tier := mustGetOpts(t, nsC, "k", o.load, tt.opts...); v != 2 {
				t.Errorf("new instance Get = %d (%s), want 2: the overlapping load reached L2", v, tier)
			}
			if v, tier := mustGetOpts(t, nsB, "k", o.load, tt.opts...); v != 2 {
				t.Errorf("B Get = %d (%s), want 2: the overlapping load stayed in L1", v, tier)
			}
		})
	}
}
