package ratelimit_test

import (
	"sync"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/ratelimit"
	"github.com/marketpulse/api/internal/testvalkey"
)

func approximate(name string) func(*ratelimit.Cluster) ratelimit.Option {
	return func(c *ratelimit.Cluster) ratelimit.Option { return ratelimit.Approximate(c, name) }
}

// syncedTwice waits until every store has synced twice more: whatever was
// taken before has been told, and learnt by all.
func syncedTwice(t *testing.T, st []*ratelimit.Store[string]) {
	t.Helper()
	for _, s := range st {
		from, _ := ratelimit.Syncs(s)
		waitFor(t, "two syncs", func() bool { n, _ := ratelimit.Syncs(s); return n >= from+2 })
	}
}

// TestApproximateLimitHoldsAcrossInstances: a client hammering two
// instances gets, over the run, at most the burst, the refill and, per
// instance, one sync interval's allowance (what a bucket refills between
// two syncs, and a take's rounding): the overshoot of a new client (each
// instance allows its whole burst before the first sync) is repaid as a
// debt. Alone, the two would allow twice the burst and twice the refill.
func TestApproximateLimitHoldsAcrossInstances(t *testing.T) {
	t.Parallel()
	srv := testvalkey.Start(t)
	const (
		burst     = 10
		perSecond = 20.0
		run       = 1500 * time.Millisecond
	)
	st := instances(t, srv, 2, perSecond, burst, approximate("ip"))
	start := time.Now()
	var allowed [2]int
	var wg sync.WaitGroup
	for i, s := range st {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A take every millisecond: far above the limit on each instance.
			for tick := time.NewTicker(time.Millisecond); time.Since(start) < run; <-tick.C {
				if s.Take("198.51.100.7", time.Now()).OK {
					allowed[i]++
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	total := allowed[0] + allowed[1]
	var maxGap time.Duration
	for _, s := range st {
		n, gap := ratelimit.Syncs(s)
		if n < 5 {
			t.Fatalf("only %d syncs in %v", n, elapsed)
		}
		maxGap = max(maxGap, gap)
	}
	perInterval := perSecond*maxGap.Seconds() + 1
	bound := burst + perSecond*elapsed.Seconds() + 2*2*perInterval // told late, and learnt late
	alone := 2 * (burst + perSecond*elapsed.Seconds())
	t.Logf("allowed %v in %v (longest sync gap %v): bound %.0f, two instances alone %.0f", allowed, elapsed, maxGap, bound, alone)
	if float64(total) > bound {
		t.Errorf("allowed %d, more than burst + refill + one interval's allowance per instance = %.0f", total, bound)
	}
	if total < burst || allowed[0] == 0 || allowed[1] == 0 {
		t.Errorf("allowed %v: each instance must serve the client", allowed)
	}
}

// TestApproximateDecidesLocallyWhileValkeyIsDown: decisions go on while Valkey is down,
// each instance on its own buckets, and once it is back (empty, with a new
// salt) what one instance takes reaches the other again.
func TestApproximateDecidesLocallyWhileValkeyIsDown(t *testing.T) {
	t.Parallel()
	srv := testvalkey.Start(t)
	const burst = 5
	st := instances(t, srv, 2, 1.0/60, burst, approximate("user"))
	st[1].Take("a", time.Now()) // st[1] has a bucket for a, to sync
	for range burst - 1 {
		st[0].Take("a", time.Now())
	}
	syncedTwice(t, st)
	if d := st[1].Peek("a", time.Now()); d.OK {
		t.Fatalf("st[1] after the syncs: %+v, want the shared bucket's refusal", d)
	}

	srv.Kill()
	for i, s := range st {
		allowed := 0
		for range burst + 1 {
			if s.Take("b", time.Now()).OK {
				allowed++
			}
		}
		if allowed != burst {
			t.Errorf("instance %d while down: allowed %d of a new key, want its own burst %d", i, allowed, burst)
		}
	}

	srv.Restart()
	st[1].Take("c", time.Now())
	waitFor(t, "the instances to share again", func() bool {
		st[0].Take("c", time.Now())
		return !st[1].Peek("c", time.Now()).OK
	})
}
