package cache_test

import (
	"context"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/cache"
)

// TestResubscribeEmptiesL1 cuts only the subscribed connections: the instance
// resubscribes and empties L1, since messages sent meanwhile were lost, but L2 keeps
// its entries.
func TestResubscribeEmptiesL1(t *testing.T) {
	t.Parallel()
	srv, a := mustStartUp(t)
	ns := cache.NewNamespace[int64](a, "n", time.Minute)
	o := newVersioned()
	mustGet(t, ns, "k", o.load)
	a.WaitL2Writes()
	if _, tier := mustGet(t, ns, "k", o.load); tier != cache.TierL1 {
		t.Fatalf("tier before = %s, want l1", tier)
	}

	raw := mustClient(t, srv)
	mustDo(t, raw, raw.B().ClientKill().TypePubsub().Build())
	waitFor(t, 2*time.Second, func() bool {
		return a.Stats().Invalidations.Subscriptions == 2 && a.Health().Bus == cache.StateUp
	}, "resubscription")
	if _, tier := mustGet(t, ns, "k", o.load); tier != cache.TierL2 {
		t.Errorf("tier after resubscribing = %s, want l2", tier)
	}
}

// TestPropagationResumesAfterValkeyRestart: both instances resubscribe to a restarted
// server, and invalidations reach the peer again.
func TestPropagationResumesAfterValkeyRestart(t *testing.T) {
	t.Parallel()
	srv, a, b := mustStartPair(t, testConfig(""))
	nsA := cache.NewNamespace[int64](a, "n", time.Minute)
	nsB := cache.NewNamespace[int64](b, "n", time.Minute)
	o := newVersioned()
	mustGet(t, nsA, "k", o.load)
	mustGet(t, nsB, "k", o.load)

	srv.Restart()
	for _, c := range []*cache.Cache{a, b} {
		waitFor(t, 2*time.Second, func() bool {
			return c.Stats().Invalidations.Subscriptions == 2 && c.Health().Bus == cache.StateUp &&
				c.Health().L2 == cache.StateUp
		}, "resubscription after restart")
	}
	mustGet(t, nsB, "k", o.load) // L1 was emptied on resubscribing
	if v, tier := mustGet(t, nsB, "k", o.load); v != 1 || tier != cache.TierL1 {
		t.Fatalf("B Get = %d, %s; want 1, l1", v, tier)
	}

	o.version.Store(2)
	nsA.Invalidate(context.Background(), "k")
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("A stats %+v\nB stats %+v\nA health %+v\nB health %+v", a.Stats(), b.Stats(), a.Health(), b.Health())
			raw := mustClient(t, srv)
			keys, _ := raw.Do(context.Background(), raw.B().Keys().Pattern("*").Build()).AsStrSlice()
			for _, k := range keys {
				v, _ := raw.Do(context.Background(), raw.B().Get().Key(k).Build()).ToString()
				pttl, _ := raw.Do(context.Background(), raw.B().Pttl().Key(k).Build()).AsInt64()
				t.Logf("key %q = %q pttl %d", k, v, pttl)
			}
		}
	})
	took := pollNew(t, nsB, "k", o.load, 2, time.Now(), propagation)
	t.Logf("B served the new value %v after the invalidation", took)
}
