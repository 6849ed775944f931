package cache_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/cache"
)

// TestInvalidationAndBreakerStatsCountKnownSequence counts the messages of a known
// sequence of invalidations on two instances, then the breaker's transitions through
// an outage.
func TestInvalidationAndBreakerStatsCountKnownSequence(t *testing.T) {
	t.Parallel()
	srv, a, b := mustStartPair(t, testConfig(""))
	nsA := cache.NewNamespace[int64](a, "n", time.Minute)
	nsB := cache.NewNamespace[int64](b, "n", time.Minute)
	ctx := context.Background()

	nsA.Invalidate(ctx, "k1", "k2") // one message for both keys
	nsA.InvalidateAll(ctx)
	a.InvalidateTag(ctx, "t")
	nsB.Invalidate(ctx, "k1")
	nsA.Invalidate(ctx) // no keys: nothing to send
	a.InvalidateTag(ctx, "")

	type counts struct {
		Invalidations cache.InvalidationStats
		Breaker       cache.BreakerStats
	}
	get := func(c *cache.Cache) counts {
		s := c.Stats()
		return counts{s.Invalidations, s.Breaker}
	}
	want := map[string]counts{
		"A": {cache.InvalidationStats{Sent: 3, Received: 1, Subscriptions: 1}, cache.BreakerStats{State: cache.StateUp, Transitions: 1}},
		"B": {cache.InvalidationStats{Sent: 1, Received: 3, Subscriptions: 1}, cache.BreakerStats{State: cache.StateUp, Transitions: 1}},
	}
	waitFor(t, time.Second, func() bool {
		return a.Stats().Invalidations.Received >= 1 && b.Stats().Invalidations.Received >= 3
	}, "messages received")
	time.Sleep(50 * time.Millisecond) // any extra message would arrive by now
	if diff := cmp.Diff(want, map[string]counts{"A": get(a), "B": get(b)}); diff != "" {
		t.Errorf("before the outage (-want +got):\n%s", diff)
	}

	srv.Kill()
	waitL2(t, a, cache.StateDown)
	if diff := cmp.Diff(cache.BreakerStats{State: cache.StateDown, Transitions: 2}, a.Stats().Breaker); diff != "" {
		t.Errorf("breaker while down (-want +got):\n%s", diff)
	}
	srv.Restart()
	waitL2(t, a, cache.StateUp)
	if diff := cmp.Diff(cache.BreakerStats{State: cache.StateUp, Transitions: 3}, a.Stats().Breaker); diff != "" {
		t.Errorf("breaker after the outage (-want +got):\n%s", diff)
	}
	if s := a.Stats(); s.Refreshes != (cache.RefreshStats{}) {
		t.Errorf("refreshes = %+v, want none", s.Refreshes)
	}
}
