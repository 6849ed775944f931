package cache_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/cache"
)

// failingCounter is an origin that returns how many times it ran, so that a
// refreshed value is told from the first one, or fails once told to.
type failingCounter struct {
	calls atomic.Int64
	fail  atomic.Bool
}

func (o *failingCounter) load(context.Context) (int64, error) {
	n := o.calls.Add(1)
	if o.fail.Load() {
		return 0, errors.New("origin unavailable")
	}
	return n, nil
}

// gatedCounter is an origin that returns how many times it ran; every load after the
// first waits until the test opens the gate, so that a Get made meanwhile shows
// whether it waits for the origin.
type gatedCounter struct {
	calls atomic.Int64
	gate  chan struct{} // a waiting load passes when the test sends a value
}

func (o *gatedCounter) load(ctx context.Context) (int64, error) {
	n := o.calls.Add(1)
	if n > 1 {
		select {
		case <-o.gate:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	return n, nil
}

// TestRefreshAheadKeepsReadKeysWarm reads a key through two refreshes: only the first
// Get waits for the origin, later values come from refreshes run in the background,
// and a Get made while a refresh waits for the origin answers at once from L1.
func TestRefreshAheadKeepsReadKeysWarm(t *testing.T) {
	t.Parallel()
	// The refresh window (a fifth of the TTL, ±10%) must be at least the CallTimeout,
	// and leaves the refresh more than half a second before the entry expires.
	const ttl = 3 * time.Second
	for _, setup := range tierSetups {
		t.Run(setup.name, func(t *testing.T) {
			t.Parallel()
			c := setup.new(t)
			ns := cache.NewNamespace[int64](c, "n", ttl)
			o := &gatedCounter{gate: make(chan struct{})}

			if _, tier := mustGet(t, ns, "k", o.load); tier != cache.TierOrigin {
				t.Fatalf("first Get tier = %s, want origin", tier)
			}
			for want := int64(1); want <= 2; want++ {
				readUntil(t, 2*ttl, func() bool { return o.calls.Load() > want }, ns, o.load, want)
				// The refresh's load now waits at the gate.
				got := make(chan int64, 1)
				go func() {
					v, tier, err := ns.Get(context.Background(), "k", o.load)
					if err != nil || tier != cache.TierL1 {
						t.Errorf("Get during a refresh = %d, %s, %v; want l1", v, tier, err)
					}
					got <- v
				}()
				select {
				case v := <-got:
					if v != want {
						t.Fatalf("Get during a refresh = %d, want %d", v, want)
					}
				case <-time.After(10 * time.Second):
					t.Fatal("a Get waited for the refresh's origin")
				}
				o.gate <- struct{}{}
				readUntil(t, 2*ttl, func() bool { return false }, ns, o.load, want, want+1)
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

// readUntil reads "k" from L1 every 5 ms until done holds or a read returns until (if
// given), within the deadline; every read must come from L1 with a value of want or
// until.
func readUntil(t *testing.T, within time.Duration, done func() bool, ns *cache.Namespace[int64],
	load func(context.Context) (int64, error), want int64, until ...int64) {
	t.Helper()
	for deadline := time.Now().Add(within); !done(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("reads of value %d did not reach the next step within %v", want, within)
		}
		v, tier := mustGet(t, ns, "k", load)
		if tier != cache.TierL1 {
			t.Fatalf("Get tier = %s, want l1", tier)
		}
		if len(until) > 0 && v == until[0] {
			return
		}
		if v != want {
			t.Fatalf("Get = %d, want %d", v, want)
		}
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
	o := &failingCounter{}
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
