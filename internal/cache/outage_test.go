package cache_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/testvalkey"
)

func TestUnreachableL2IsSkippedWithoutWaiting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		addr func(testing.TB) string
	}{
		{"closed port", testvalkey.ClosedAddr},
		{"silent listener", testvalkey.SilentAddr}, // connecting hangs until DialTimeout
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := mustNew(t, testConfig("valkey://"+tt.addr(t)))
			time.Sleep(3 * probeInterval) // let the background loop try

			h := c.Health()
			if h.L2 != cache.StateDown || h.L2DownSince.IsZero() {
				t.Fatalf("Health = %+v, want L2 down with a since time", h)
			}
			ns := cache.NewNamespace[int](c, "n", time.Minute)
			o := &origin[int]{val: 1}
			const gets = 200
			var slowest time.Duration
			for i := range gets {
				start := time.Now()
				if _, tier := mustGet(t, ns, strconv.Itoa(i), o.load); tier != cache.TierOrigin {
					t.Fatalf("tier = %s, want origin", tier)
				}
				slowest = max(slowest, time.Since(start))
			}
			// A Get that tried L2 would wait for CallTimeout on the silent listener.
			if slowest >= callTimeout/2 {
				t.Errorf("slowest Get took %v", slowest)
			}
			if s := c.Stats().L2; s != (cache.L2Stats{Skipped: 2 * gets}) { // a GET and a SET per Get
				t.Errorf("L2 stats = %+v, want only %d skipped", s, 2*gets)
			}
		})
	}
}

// readers runs goroutines that Get rotating keys until stop is closed, and records
// errors and the slowest Get. The caches share the keys, so each reads what the others
// wrote to L2; the short TTL keeps L2 in use. Readers pause between Gets as request
// handlers do: busy-looping goroutines outnumbering the CPUs would measure preemption
// (tens of ms), not the cache.
type readers struct {
	wg      sync.WaitGroup
	stop    chan struct{}
	gets    atomic.Int64
	errs    atomic.Int64
	slowest atomic.Int64 // nanoseconds

	mu        sync.Mutex
	durations []time.Duration
}

// startReaders runs n readers pausing pause between Gets.
func startReaders(n int, pause time.Duration, caches ...*cache.Cache) *readers {
	r := &readers{stop: make(chan struct{})}
	o := &origin[quote]{val: quote{Symbol: "X", Price: 1}}
	for g := range n {
		ns := cache.NewNamespace[quote](caches[g%len(caches)], fmt.Sprintf("quotes%d", g/len(caches)), 30*time.Millisecond)
		r.wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-r.stop:
					return
				case <-time.After(pause):
				}
				start := time.Now()
				if _, _, err := ns.Get(context.Background(), strconv.Itoa(i%50), o.load); err != nil {
					r.errs.Add(1)
				}
				took := time.Since(start)
				d := int64(took)
				for old := r.slowest.Load(); d > old && !r.slowest.CompareAndSwap(old, d); old = r.slowest.Load() {
				}
				r.mu.Lock()
				r.durations = append(r.durations, took)
				r.mu.Unlock()
				r.gets.Add(1)
			}
		})
	}
	return r
}

// finish stops the readers and checks them. With maxLatency > 0, 99% of Gets
// must take at most maxLatency and none more than maxLatency + stallSlack:
// the percentile catches a call that waits on Valkey beyond its timeout (or
// twice in a row), the hard cap catches a hang, and the slack absorbs
// scheduler stalls of a loaded 2-core machine running -race, which are not
// waits on Valkey.
func (r *readers) finish(t *testing.T, maxLatency time.Duration) {
	t.Helper()
	const stallSlack = 500 * time.Millisecond
	close(r.stop)
	r.wg.Wait()
	r.mu.Lock()
	slices.Sort(r.durations)
	var p99 time.Duration
	if n := len(r.durations); n > 0 {
		p99 = r.durations[(n*99)/100]
	}
	r.mu.Unlock()
	t.Logf("%d gets, p99 %v, slowest %v", r.gets.Load(), p99, time.Duration(r.slowest.Load()))
	if n := r.errs.Load(); n != 0 {
		t.Errorf("%d Gets failed, want 0", n)
	}
	if r.gets.Load() == 0 {
		t.Error("no Gets ran")
	}
	if maxLatency > 0 && p99 > maxLatency {
		t.Errorf("p99 of Gets took %v, want <= %v", p99, maxLatency)
	}
	if s := time.Duration(r.slowest.Load()); maxLatency > 0 && s > maxLatency+stallSlack {
		t.Errorf("slowest Get took %v, want <= %v", s, maxLatency+stallSlack)
	}
}

func TestValkeyKilledDuringReads(t *testing.T) {
	t.Parallel()
	srv, a := mustStartUp(t)
	b := mustNew(t, testConfig(srv.URL()))
	waitL2(t, b, cache.StateUp)
	// Each cache reads a value the other wrote, so both have served from L2 before
	// the kill. The readers below cannot promise that: their 30 ms TTL and their
	// timing decide whether a key is still in L2 when the other cache asks.
	o := &origin[quote]{val: quote{Symbol: "X", Price: 1}}
	warm := map[*cache.Cache]*cache.Namespace[quote]{
		a: cache.NewNamespace[quote](a, "warm", time.Minute),
		b: cache.NewNamespace[quote](b, "warm", time.Minute),
	}
	for i, pair := range [][2]*cache.Cache{{a, b}, {b, a}} {
		key := strconv.Itoa(i)
		mustGet(t, warm[pair[0]], key, o.load)
		pair[0].WaitL2Writes()
		if _, tier := mustGet(t, warm[pair[1]], key, o.load); tier != cache.TierL2 {
			t.Fatalf("Get(%q) from the other cache: tier = %s, want l2", key, tier)
		}
	}
	r := startReaders(8, 100*time.Microsecond, a, b)
	time.Sleep(300 * time.Millisecond)
	srv.Kill()
	waitL2(t, a, cache.StateDown)
	waitL2(t, b, cache.StateDown)
	time.Sleep(700 * time.Millisecond)
	r.finish(t, 0)
	for _, c := range []*cache.Cache{a, b} {
		if s := c.Stats(); s.L2.Hits == 0 || s.L2.Skipped == 0 {
			t.Errorf("L2 stats = %+v, want hits before the kill and skips after", s.L2)
		}
	}
}

// TestValkeyHangingBoundsLatency is not parallel: it measures latency.
func TestValkeyHangingBoundsLatency(t *testing.T) {
	const callTimeout = 50 * time.Millisecond
	srv := testvalkey.Start(t)
	cfg := testConfig(srv.URL())
	cfg.CallTimeout = callTimeout
	a, b := mustNew(t, cfg), mustNew(t, cfg)
	waitL2(t, a, cache.StateUp)
	waitL2(t, b, cache.StateUp)
	// Readers pause 1 ms: a tighter loop on 2 cores under -race measures CPU
	// starvation, not waiting on Valkey.
	r := startReaders(8, time.Millisecond, a, b)
	time.Sleep(200 * time.Millisecond)
	srv.Pause()
	waitL2(t, a, cache.StateDown)
	waitL2(t, b, cache.StateDown)
	// Long enough that a call waiting for the server (instead of its
	// timeout) exceeds the hard cap in finish by far.
	time.Sleep(1500 * time.Millisecond)
	srv.Resume()
	r.finish(t, callTimeout+30*time.Millisecond)
	waitL2(t, a, cache.StateUp)
	waitL2(t, b, cache.StateUp)
}

func TestL2Recovers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		outage  func(*testvalkey.Server)
		recover func(*testvalkey.Server)
		// Tier of a key cached before the outage: L1 is flushed on reconnect, L2 keeps it
		// unless the server lost its data.
		wantTier cache.Tier
	}{
		{"paused then resumed", (*testvalkey.Server).Pause, (*testvalkey.Server).Resume, cache.TierL2},
		{"killed then restarted", (*testvalkey.Server).Kill, (*testvalkey.Server).Restart, cache.TierOrigin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, c := mustStartUp(t)
			ns := cache.NewNamespace[quote](c, "quotes", time.Minute)
			o := &origin[quote]{val: quote{Symbol: "AAPL", Price: 1}}
			mustGet(t, ns, "AAPL", o.load)
			c.WaitL2Writes()

			tt.outage(srv)
			waitL2(t, c, cache.StateDown)
			if _, tier := mustGet(t, ns, "AAPL", o.load); tier != cache.TierL1 {
				t.Errorf("tier while down = %s, want l1", tier)
			}
			tt.recover(srv)
			waitFor(t, time.Second, func() bool { return c.Health().L2 == cache.StateUp }, "L2 up within 1s")
			if h := c.Health(); !h.L2DownSince.IsZero() {
				t.Errorf("L2DownSince = %v while up", h.L2DownSince)
			}
			if _, tier := mustGet(t, ns, "AAPL", o.load); tier != tt.wantTier {
				t.Errorf("tier after recovery = %s, want %s", tier, tt.wantTier)
			}
		})
	}
}

func TestAttachesWhenValkeyStartsLater(t *testing.T) {
	t.Parallel()
	srv := testvalkey.Start(t)
	srv.Kill()
	a := mustNew(t, testConfig(srv.URL()))
	ns := cache.NewNamespace[int](a, "n", time.Minute)
	o := &origin[int]{val: 5}
	time.Sleep(3 * probeInterval)
	if h := a.Health(); h.L2 != cache.StateDown {
		t.Fatalf("L2 = %s before the server starts, want down", h.L2)
	}
	mustGet(t, ns, "before", o.load)

	srv.Restart()
	waitFor(t, time.Second, func() bool { return a.Health().L2 == cache.StateUp }, "L2 up within 1s")
	mustGet(t, ns, "after", o.load)
	a.WaitL2Writes()

	b := mustNew(t, testConfig(srv.URL()))
	waitL2(t, b, cache.StateUp)
	if _, tier := mustGet(t, cache.NewNamespace[int](b, "n", time.Minute), "after", o.load); tier != cache.TierL2 {
		t.Errorf("instance B tier = %s, want l2", tier)
	}
}

func TestInvalidateWhileDownIsReplayed(t *testing.T) {
	t.Parallel()
	srv, a := mustStartUp(t)
	nsA := cache.NewNamespace[quote](a, "quotes", time.Minute)
	o := &origin[quote]{val: quote{Symbol: "AAPL", Price: 1}}
	mustGet(t, nsA, "AAPL", o.load)
	a.WaitL2Writes()

	srv.Pause() // keeps the data
	waitL2(t, a, cache.StateDown)
	nsA.Invalidate(context.Background(), "AAPL") // L2 unreachable: remembered
	srv.Resume()
	waitL2(t, a, cache.StateUp)

	b := mustNew(t, testConfig(srv.URL()))
	waitL2(t, b, cache.StateUp)
	if _, tier := mustGet(t, cache.NewNamespace[quote](b, "quotes", time.Minute), "AAPL", o.load); tier != cache.TierOrigin {
		t.Errorf("instance B tier = %s, want origin: the invalidated entry survived in L2", tier)
	}
}
