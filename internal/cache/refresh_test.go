package cache_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/cache"
)

// slowCounter is an origin that takes delay and returns how many times it ran, so that
// a refreshed value is told from the first one.
type slowCounter struct {
	delay time.Duration
	calls atomic.Int64
	fail  atomic.Bool
}

func (o *slowCounter) load(context.Context) (int64, error) {
	n := o.calls.Add(1)
	time.Sleep(o.delay)
	if o.fail.Load() {
		return 0, errors.New("origin unavailable")
	}
	return n, nil
}

// TestRefreshAheadKeepsReadKeysWarm reads a key continuously for more than two TTLs:
// only the first Get waits for the origin, later values come from refreshes run in the
// background, and no Get waits for one.
func TestRefreshAheadKeepsReadKeysWarm(t *testing.T) {
	t.Parallel()
	// The refresh window (a fifth of the TTL) must be at least the CallTimeout.
	const ttl = 1500 * time.Millisecond
	const delay = 100 * time.Millisecond
	for _, setup := range tierSetups {
		t.Run(setup.name, func(t *testing.T) {
			t.Parallel()
			c := setup.new(t)
			ns := cache.NewNamespace[int64](c, "n", ttl)
			o := &slowCounter{delay: delay}

			if _, tier := mustGet(t, ns, "k", o.load); tier != cache.TierOrigin {
				t.Fatalf("first Get tier = %s, want origin", tier)
			}
			var (
				tiers   = map[cache.Tier]int{}
				slowest time.Duration
				last    int64
			)
			for end := time.Now().Add(ttl*5/2 + ttl/10); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
				start := time.Now()
				v, tier := mustGet(t, ns, "k", o.load)
				slowest = max(slowest, time.Since(start))
				tiers[tier]++
				if v < last {
					t.Fatalf("value went back from %d to %d", last, v)
				}
				last = v
			}
			t.Logf("tiers %v, slowest Get %v, loads %d, last value %d", tiers, slowest, o.calls.Load(), last)
			if tiers[cache.TierOrigin]+tiers[cache.TierL2] != 0 {
				t.Errorf("tiers after the first Get = %v, want l1 only", tiers)
			}
			if slowest >= delay/2 {
				t.Errorf("slowest Get took %v: it waited for the origin (%v)", slowest, delay)
			}
			if last < 3 {
				t.Errorf("last value = %d, want at least 3 (two refreshes)", last)
			}
			waitFor(t, time.Second, func() bool { // a refresh may still run
				s := c.Stats().Refreshes
				return s.Started == s.FromL2+s.FromOrigin
			}, "refreshes to finish")
			s := c.Stats().Refreshes
			if s.Started < 2 || s.Started != s.FromL2+s.FromOrigin || s.Failed != 0 {
				t.Errorf("refresh stats = %+v, want at least 2 started, all from L2 or origin, none failed", s)
			}
		})
	}
}

// TestRefreshFailureKeepsValue: a refresh whose load fails leaves the cached value in
// place until it expires, and is counted.
func TestRefreshFailureKeepsValue(t *testing.T) {
	t.Parallel()
	// The entry lives ttl ±10% and is due for a refresh from 80% of its life:
	// reading it until a read starts the refresh leaves a fifth of its life
	// (600 ms) for the rest, whatever the jitter.
	const ttl = 3 * time.Second
	c := mustNew(t, testConfig(""))
	ns := cache.NewNamespace[int64](c, "n", ttl)
	o := &slowCounter{}
	mustGet(t, ns, "k", o.load)
	o.fail.Store(true)
	for deadline := time.Now().Add(2 * ttl); c.Stats().Refreshes.Started == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no read started a refresh in %v", 2*ttl)
		}
		if v, tier := mustGet(t, ns, "k", o.load); v != 1 || tier != cache.TierL1 {
			t.Fatalf("Get of a due entry = %d, %s; want 1, l1", v, tier)
		}
	}
	waitFor(t, time.Second, func() bool { return c.Stats().Refreshes.Failed == 1 }, "a failed refresh")
	if v, tier := mustGet(t, ns, "k", o.load); v != 1 || tier != cache.TierL1 {
		t.Errorf("Get after a failed refresh = %d, %s; want 1, l1", v, tier)
	}
}
