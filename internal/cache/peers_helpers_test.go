package cache_test

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/valkey-io/valkey-go"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/testvalkey"
)

// propagation bounds the wait for every instance to stop serving an invalidated
// value. The tests wait on that condition and log how long it took; the bound
// only keeps a lost invalidation from hanging them, so it is generous for a
// loaded machine under -race. What propagation takes is measured, not asserted
// (docs/cache.md).
const propagation = 10 * time.Second

// mustStartPair starts a Valkey server and two caches attached to it: two instances of
// the service.
func mustStartPair(tb testing.TB, cfg cache.Config) (*testvalkey.Server, *cache.Cache, *cache.Cache) {
	tb.Helper()
	srv := testvalkey.Start(tb)
	cfg.ValkeyURL = srv.URL()
	a, b := mustNew(tb, cfg), mustNew(tb, cfg)
	waitL2(tb, a, cache.StateUp)
	waitL2(tb, b, cache.StateUp)
	return srv, a, b
}

// versioned is an origin whose value is a version the test moves forward.
type versioned struct {
	version atomic.Int64
	calls   atomic.Int64
}

func newVersioned() *versioned {
	o := &versioned{}
	o.version.Store(1)
	return o
}

func (o *versioned) load(context.Context) (int64, error) {
	o.calls.Add(1)
	return o.version.Load(), nil
}

// pollNew reads key until it returns want, and fails the test unless that happens
// within d of since. It returns how long it took.
func pollNew(tb testing.TB, ns *cache.Namespace[int64], key string, load func(context.Context) (int64, error), want int64, since time.Time, d time.Duration, opts ...cache.GetOption) time.Duration {
	tb.Helper()
	for {
		v, _, err := ns.Get(context.Background(), key, load, opts...)
		if err != nil {
			tb.Fatalf("Get(%q): %v", key, err)
		}
		took := time.Since(since)
		if v == want {
			return took
		}
		if took > d {
			tb.Fatalf("Get(%q) still returns %d after %v, want %d within %v", key, v, took, want, d)
		}
		time.Sleep(500 * time.Microsecond)
	}
}

// mustClient connects a plain client to srv, for what the test inspects or breaks
// behind the caches' back.
func mustClient(tb testing.TB, srv *testvalkey.Server) valkey.Client {
	tb.Helper()
	cl, err := valkey.NewClient(valkey.ClientOption{
		InitAddress:       []string{srv.Addr},
		DisableCache:      true,
		ForceSingleClient: true,
	})
	if err != nil {
		tb.Fatalf("valkey client: %v", err)
	}
	tb.Cleanup(cl.Close)
	return cl
}

// commandCalls returns the calls per command since the last CONFIG RESETSTAT, from
// INFO commandstats (commands run by scripts included).
func commandCalls(tb testing.TB, cl valkey.Client) map[string]int {
	tb.Helper()
	info, err := cl.Do(context.Background(), cl.B().Info().Section("commandstats").Build()).ToString()
	if err != nil {
		tb.Fatalf("INFO commandstats: %v", err)
	}
	calls := map[string]int{}
	for line := range strings.Lines(info) {
		name, rest, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || !strings.HasPrefix(name, "cmdstat_") {
			continue
		}
		field, _, _ := strings.Cut(rest, ",")
		n, err := strconv.Atoi(strings.TrimPrefix(field, "calls="))
		if err != nil {
			tb.Fatalf("INFO commandstats line %q: %v", line, err)
		}
		calls[strings.TrimPrefix(name, "cmdstat_")] = n
	}
	return calls
}

func mustDo(tb testing.TB, cl valkey.Client, cmd valkey.Completed) {
	tb.Helper()
	if err := cl.Do(context.Background(), cmd).Error(); err != nil {
		tb.Fatalf("%v: %v", cmd.Commands(), err)
	}
}
