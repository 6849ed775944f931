package cache_test

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/testvalkey"
)

const (
	// callTimeout is generous: parallel tests, each with its own valkey-server, share
	// two CPUs under -race. The latency test sets its own.
	callTimeout   = 250 * time.Millisecond
	probeInterval = 20 * time.Millisecond
	notFoundTTL   = 300 * time.Millisecond
)

type quote struct {
	Symbol string  `json:"symbol"`
	Price  float64 `json:"price"`
}

// testConfig uses short timeouts so that outages are noticed within a test's patience.
func testConfig(url string) cache.Config {
	return cache.Config{
		L1MaxBytes:       1 << 20,
		NotFoundTTL:      notFoundTTL,
		ValkeyURL:        url,
		DialTimeout:      200 * time.Millisecond,
		CallTimeout:      callTimeout,
		ProbeInterval:    probeInterval,
		BreakerThreshold: 3,
	}
}

func mustNew(tb testing.TB, cfg cache.Config) *cache.Cache {
	tb.Helper()
	c, err := cache.New(cfg, testLogger(tb))
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	tb.Cleanup(c.Close)
	return c
}

func testLogger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tb.Output(), &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// mustStartUp starts a Valkey server and a cache attached to it.
func mustStartUp(tb testing.TB) (*testvalkey.Server, *cache.Cache) {
	tb.Helper()
	srv := testvalkey.Start(tb)
	c := mustNew(tb, testConfig(srv.URL()))
	waitL2(tb, c, cache.StateUp)
	return srv, c
}

// waitL2 waits for L2 to reach state want. Up includes the invalidation channel: its
// first subscription empties L1, which would race with the test.
func waitL2(tb testing.TB, c *cache.Cache, want string) {
	tb.Helper()
	waitFor(tb, 2*time.Second, func() bool {
		h := c.Health()
		return h.L2 == want && (want != cache.StateUp || h.Bus == cache.StateUp)
	}, "L2 state "+want)
}

func waitFor(tb testing.TB, within time.Duration, cond func() bool, what string) {
	tb.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("no %s within %v", what, within)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// origin is a loader that counts its calls.
type origin[T any] struct {
	val   T
	err   error
	delay time.Duration
	calls atomic.Int64
}

func (o *origin[T]) load(ctx context.Context) (T, error) {
	o.calls.Add(1)
	if o.delay > 0 {
		time.Sleep(o.delay)
	}
	return o.val, o.err
}

func mustGet[T any](tb testing.TB, ns *cache.Namespace[T], key string, load func(context.Context) (T, error)) (T, cache.Tier) {
	tb.Helper()
	v, tier, err := ns.Get(context.Background(), key, load)
	if err != nil {
		tb.Fatalf("Get(%q): %v", key, err)
	}
	return v, tier
}
