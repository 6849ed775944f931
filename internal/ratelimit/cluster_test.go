package ratelimit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/valkey-io/valkey-go"

	"github.com/marketpulse/api/internal/ratelimit"
	"github.com/marketpulse/api/internal/testvalkey"
)

// testSyncEvery is the approximate stores' sync interval in these tests.
const testSyncEvery = 50 * time.Millisecond

// mustCluster is one instance's connection to srv.
func mustCluster(t testing.TB, srv *testvalkey.Server) *ratelimit.Cluster {
	t.Helper()
	opt, err := valkey.ParseURL(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	c := ratelimit.NewCluster(ratelimit.ClusterOptions{
		Valkey: opt, ProbeInterval: 20 * time.Millisecond, SyncEvery: testSyncEvery,
		// A loaded test machine may take longer than the default 50 ms.
		CallTimeout: 500 * time.Millisecond, DialTimeout: time.Second,
	})
	t.Cleanup(c.Close)
	return c
}

// waitFor polls cond until it holds, or fails the test after 10 s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// instances are n stores of one throttle on one Valkey, as n instances of
// the service would build them.
func instances(t *testing.T, srv *testvalkey.Server, n int, perSecond float64, burst int, share func(*ratelimit.Cluster) ratelimit.Option) []*ratelimit.Store[string] {
	t.Helper()
	stores := make([]*ratelimit.Store[string], n)
	for i := range stores {
		c := mustCluster(t, srv)
		waitFor(t, "the cluster to come up", c.Up)
		stores[i] = ratelimit.New[string](perSecond, burst, 100, share(c))
		t.Cleanup(stores[i].Close)
	}
	return stores
}

func exact(name string) func(*ratelimit.Cluster) ratelimit.Option {
	return func(c *ratelimit.Cluster) ratelimit.Option { return ratelimit.Exact(c, name) }
}

// TestExactBudgetIsOneForAllInstances: failures from one address spread
// over two instances are refused after the burst in total, not twice it,
// and both tell the same wait.
func TestExactBudgetIsOneForAllInstances(t *testing.T) {
	t.Parallel()
	srv := testvalkey.Start(t)
	const burst = 5
	st := instances(t, srv, 2, 1.0/60, burst, exact("login-pair"))
	allowed := 0
	for i := range 4 * burst {
		if st[i%2].Take("a@example.com|192.0.2.1", time.Now()).OK {
			allowed++
		}
	}
	if allowed != burst {
		t.Fatalf("allowed %d takes over two instances, want the burst %d", allowed, burst)
	}
	for i, s := range st {
		d := s.Take("a@example.com|192.0.2.1", time.Now())
		if d.OK || d.RetryAfter < 50*time.Second || d.RetryAfter > 60*time.Second {
			t.Errorf("instance %d: %+v, want refused for about a minute", i, d)
		}
	}
	if d := st[1].Take("b@example.com|192.0.2.1", time.Now()); !d.OK || d.Remaining != burst-1 {
		t.Errorf("another key: %+v, want allowed with %d left", d, burst-1)
	}
}

// TestExactPeekSeesTheOtherInstancesTakes: a look on one instance tells
// what the others took, spending nothing.
func TestExactPeekSeesTheOtherInstancesTakes(t *testing.T) {
	t.Parallel()
	srv := testvalkey.Start(t)
	st := instances(t, srv, 2, 1.0/60, 3, exact("login-account"))
	if d := st[1].Peek("k", time.Now()); !d.OK || d.Remaining != 3 {
		t.Fatalf("peek of an untouched key: %+v", d)
	}
	st[0].Take("k", time.Now())
	st[0].Take("k", time.Now())
	for range 2 {
		if d := st[1].Peek("k", time.Now()); !d.OK || d.Remaining != 1 {
			t.Fatalf("peek after two takes elsewhere: %+v, want 1 left", d)
		}
	}
	st[0].Take("k", time.Now())
	if d := st[1].Peek("k", time.Now()); d.OK || d.RetryAfter < 10*time.Second {
		t.Errorf("peek of an empty shared bucket: %+v, want refused", d)
	}
}

// TestExactKeysAreHashedAndExpire: Valkey holds no key in clear, and every
// bucket it holds expires once it would be full again.
func TestExactKeysAreHashedAndExpire(t *testing.T) {
	t.Parallel()
	srv := testvalkey.Start(t)
	st := instances(t, srv, 1, 1.0/60, 3, exact("register"))
	st[0].Take("198.51.100.23", time.Now())
	opt, _ := valkey.ParseURL(srv.URL())
	opt.DisableCache = true
	cl, err := valkey.NewClient(opt)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := context.Background()
	keys, err := cl.Do(ctx, cl.B().Keys().Pattern("*").Build()).AsStrSlice()
	if err != nil {
		t.Fatal(err)
	}
	buckets := 0
	for _, k := range keys {
		if strings.Contains(k, "198.51.100.23") {
			t.Errorf("key %q holds the address in clear", k)
		}
		if !strings.HasPrefix(k, ratelimit.DefaultPrefix+"register:") {
			continue
		}
		buckets++
		ttl, err := cl.Do(ctx, cl.B().Pttl().Key(k).Build()).AsInt64()
		if err != nil || ttl < 59_000 || ttl > 61_000 {
			t.Errorf("bucket %q: TTL %d ms (%v), want the minute to refill one token and a second", k, ttl, err)
		}
	}
	if buckets != 1 {
		t.Errorf("%d buckets in %q, want 1", buckets, keys)
	}
}

// TestExactDecidesLocallyWhileValkeyIsDown: with Valkey killed every
// decision is still made, on the bucket that followed the shared one;
// once Valkey is back (empty, with a new salt) the budget is shared again.
func TestExactDecidesLocallyWhileValkeyIsDown(t *testing.T) {
	t.Parallel()
	srv := testvalkey.Start(t)
	const burst = 4
	st := instances(t, srv, 2, 1.0/60, burst, exact("login-client"))
	st[1].Take("k", time.Now())
	st[1].Take("k", time.Now()) // the shared bucket holds 2, st[0]'s local copy nothing yet
	st[0].Take("k", time.Now()) // 1 left, and st[0] follows it

	srv.Kill()
	if d := st[0].Take("k", time.Now()); !d.OK || d.Remaining != 0 {
		t.Errorf("first take after the kill: %+v, want allowed on the local copy with 0 left", d)
	}
	for range 5 { // past the breaker, then without a call
		if d := st[0].Take("k", time.Now()); d.OK || d.RetryAfter == 0 {
			t.Fatalf("local copy spent: %+v, want refused", d)
		}
	}
	if d := st[0].Take("other", time.Now()); !d.OK || d.Remaining != burst-1 {
		t.Errorf("another key while down: %+v, want allowed locally", d)
	}
	for _, s := range st {
		if d := s.Peek("fresh", time.Now()); !d.OK {
			t.Errorf("peek while down: %+v", d)
		}
	}

	srv.Restart()
	c := mustCluster(t, srv) // a third instance, to see the others come back
	waitFor(t, "the cluster to come back", c.Up)
	// A key fresh to both: its budget is one again.
	waitFor(t, "the budget to be shared again", func() bool {
		key := "back-" + time.Now().Format(time.RFC3339Nano)
		for range burst {
			st[0].Take(key, time.Now())
		}
		return !st[1].Take(key, time.Now()).OK
	})
}
