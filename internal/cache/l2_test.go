package cache_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/testvalkey"
)

func TestSecondInstanceReadsL2(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		give     *origin[quote]
		wantErr  error
		wantQuot quote
	}{
		{"value", &origin[quote]{val: quote{Symbol: "AAPL", Price: 187.5}}, nil, quote{Symbol: "AAPL", Price: 187.5}},
		{"tombstone keeps kind and message", &origin[quote]{err: fmt.Errorf("quote ZZZZ: %w", errNoQuote)}, errNoQuote, quote{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testvalkey.Start(t)
			a, b := mustNew(t, testConfig(srv.URL())), mustNew(t, testConfig(srv.URL()))
			waitL2(t, a, cache.StateUp)
			waitL2(t, b, cache.StateUp)
			nsA := cache.NewNamespace[quote](a, "quotes", time.Minute, cache.WithNotFound(errNoQuote))
			nsB := cache.NewNamespace[quote](b, "quotes", time.Minute, cache.WithNotFound(errNoQuote))

			if _, tier, _ := nsA.Get(context.Background(), "k", tt.give.load); tier != cache.TierOrigin {
				t.Fatalf("instance A tier = %s, want origin", tier)
			}
			a.WaitL2Writes()
			other := &origin[quote]{val: quote{Symbol: "WRONG"}}
			for _, wantTier := range []cache.Tier{cache.TierL2, cache.TierL1} {
				got, tier, err := nsB.Get(context.Background(), "k", other.load)
				if tier != wantTier {
					t.Errorf("instance B tier = %s, want %s", tier, wantTier)
				}
				if tt.wantErr != nil && (!errors.Is(err, tt.wantErr) || err.Error() != tt.give.err.Error()) {
					t.Errorf("instance B error = %v, want %v matching %v", err, tt.give.err, tt.wantErr)
				}
				if tt.wantErr == nil && err != nil {
					t.Errorf("instance B error = %v", err)
				}
				if diff := cmp.Diff(tt.wantQuot, got); diff != "" {
					t.Errorf("instance B value (-want +got):\n%s", diff)
				}
			}
			if n := other.calls.Load(); n != 0 {
				t.Errorf("instance B loader calls = %d, want 0", n)
			}
		})
	}
}

func TestStatsCountKnownSequence(t *testing.T) {
	t.Parallel()
	srv := testvalkey.Start(t)
	a, b := mustNew(t, testConfig(srv.URL())), mustNew(t, testConfig(srv.URL()))
	waitL2(t, a, cache.StateUp)
	waitL2(t, b, cache.StateUp)
	down := mustNew(t, testConfig("valkey://"+testvalkey.ClosedAddr(t)))
	local := mustNew(t, testConfig(""))

	found := &origin[quote]{val: quote{Symbol: "AAPL", Price: 1}}
	missing := &origin[quote]{err: fmt.Errorf("ZZZZ: %w", cache.ErrNotFound)}
	get := func(c *cache.Cache, key string, o *origin[quote]) {
		ns := cache.NewNamespace[quote](c, "q"+key, time.Minute) // one namespace per key: per-namespace counts
		_, _, _ = ns.Get(context.Background(), key, o.load)
		_, _, _ = ns.Get(context.Background(), key, o.load)
	}
	for _, c := range []*cache.Cache{a, down, local} {
		get(c, "AAPL", found)   // origin, l1
		get(c, "ZZZZ", missing) // origin (tombstone), l1
	}
	a.WaitL2Writes()
	get(b, "AAPL", found)   // l2, l1
	get(b, "ZZZZ", missing) // l2 (tombstone), l1

	ns := func(hits, misses uint64) cache.NamespaceStats {
		return cache.NamespaceStats{Hits: hits, Misses: misses}
	}
	tests := []struct {
		name string
		c    *cache.Cache
		want cache.Stats
	}{
		{"loaded from origin", a, cache.Stats{
			L1:            cache.L1Stats{Hits: 2, Misses: 2, Entries: 2},
			L2:            cache.L2Stats{Misses: 2},
			OriginLoads:   2,
			Namespaces:    map[string]cache.NamespaceStats{"qAAPL": ns(1, 1), "qZZZZ": ns(1, 1)},
			Invalidations: cache.InvalidationStats{Subscriptions: 1},
			Breaker:       cache.BreakerStats{State: cache.StateUp, Transitions: 1},
		}},
		{"read from l2", b, cache.Stats{
			L1:            cache.L1Stats{Hits: 2, Misses: 2, Entries: 2},
			L2:            cache.L2Stats{Hits: 2},
			Namespaces:    map[string]cache.NamespaceStats{"qAAPL": ns(2, 0), "qZZZZ": ns(2, 0)},
			Invalidations: cache.InvalidationStats{Subscriptions: 1},
			Breaker:       cache.BreakerStats{State: cache.StateUp, Transitions: 1},
		}},
		{"l2 down: reads and writes skipped", down, cache.Stats{
			L1:          cache.L1Stats{Hits: 2, Misses: 2, Entries: 2},
			L2:          cache.L2Stats{Skipped: 4},
			OriginLoads: 2,
			Namespaces:  map[string]cache.NamespaceStats{"qAAPL": ns(1, 1), "qZZZZ": ns(1, 1)},
			Breaker:     cache.BreakerStats{State: cache.StateDown},
		}},
		{"l2 disabled", local, cache.Stats{
			L1:          cache.L1Stats{Hits: 2, Misses: 2, Entries: 2},
			OriginLoads: 2,
			Namespaces:  map[string]cache.NamespaceStats{"qAAPL": ns(1, 1), "qZZZZ": ns(1, 1)},
			Breaker:     cache.BreakerStats{State: cache.StateDisabled},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// otter applies weights in its maintenance, shortly after the writes.
			waitFor(t, time.Second, func() bool { return tt.c.Stats().L1.Weight > 0 }, "L1 weight")
			got := tt.c.Stats()
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(cache.L1Stats{}, "Weight")); diff != "" {
				t.Errorf("Stats (-want +got):\n%s", diff)
			}
		})
	}
	if n := found.calls.Load(); n != 3 {
		t.Errorf("loader calls = %d, want 3 (a, down, local)", n)
	}
}

func TestL1StaysWithinMaxBytes(t *testing.T) {
	t.Parallel()
	cfg := testConfig("")
	cfg.L1MaxBytes = 64 << 10
	c := mustNew(t, cfg)
	ns := cache.NewNamespace[string](c, "blobs", time.Minute)
	blob := &origin[string]{val: strings.Repeat("x", 1000)}
	for i := range 1000 {
		mustGet(t, ns, fmt.Sprint(i), blob.load)
	}
	waitFor(t, time.Second, func() bool {
		s := c.Stats()
		return s.L1.Evictions > 0 && s.L1.Weight <= uint64(cfg.L1MaxBytes)
	}, "eviction down to L1MaxBytes")
	if s := c.Stats(); s.L1.Entries >= 1000 || s.L1.Entries == 0 {
		t.Errorf("L1 entries = %d, want between 0 and 1000", s.L1.Entries)
	}
}

func TestHealthWithoutL2(t *testing.T) {
	t.Parallel()
	c := mustNew(t, testConfig(""))
	want := cache.Health{L1: cache.StateUp, L2: cache.StateDisabled, Bus: cache.StateDisabled}
	if diff := cmp.Diff(want, c.Health()); diff != "" {
		t.Errorf("Health (-want +got):\n%s", diff)
	}
	ns := cache.NewNamespace[int](c, "n", time.Minute)
	o := &origin[int]{val: 7}
	if v, tier := mustGet(t, ns, "k", o.load); v != 7 || tier != cache.TierOrigin {
		t.Errorf("Get = %d, %s; want 7, origin", v, tier)
	}
}

func TestNewRejectsInvalidConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give cache.Config
	}{
		{"unknown scheme", cache.Config{ValkeyURL: "http://user:s3cr3t@localhost:6379"}},
		{"bad db number", cache.Config{ValkeyURL: "valkey://user:s3cr3t@localhost:6379/abc"}},
		{"bad port", cache.Config{ValkeyURL: "valkey://user:s3cr3t@localhost:port"}},
		{"negative timeout", cache.Config{CallTimeout: -time.Second}},
		{"not-found ttl below 1ms", cache.Config{NotFoundTTL: time.Microsecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := cache.New(tt.give, nil)
			if err == nil {
				c.Close()
				t.Fatal("New succeeded, want error")
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
}

func TestLogsHideCredentials(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	addr := testvalkey.ClosedAddr(t)
	cfg := testConfig("valkey://app:s3cr3t@" + addr + "/2")
	c, err := cache.New(cfg, log)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	waitFor(t, time.Second, func() bool { return strings.Contains(buf.String(), "l2 unavailable") }, "l2 unavailable log")
	c.Close()
	out := buf.String()
	if strings.Contains(out, "s3cr3t") || strings.Contains(out, "app:") {
		t.Errorf("log leaks credentials:\n%s", out)
	}
	if !strings.Contains(out, addr) {
		t.Errorf("log does not name the server:\n%s", out)
	}
}

// syncBuffer is a bytes.Buffer safe for the cache's goroutines and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
