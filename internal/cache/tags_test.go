package cache_test

import (
	"context"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/cache"
)

func TestInvalidateTagDropsExactlyTaggedEntries(t *testing.T) {
	t.Parallel()
	srv, a, b := mustStartPair(t, testConfig(""))
	type entry struct {
		ns, key     string
		tags        []string
		wantDropped bool
		o           *versioned
	}
	entries := []*entry{
		{ns: "dash", key: "1", tags: []string{"dashboard:1", "symbol:AAPL"}, wantDropped: true},
		{ns: "dash", key: "2", tags: []string{"dashboard:2", "symbol:MSFT"}},
		{ns: "quotes", key: "AAPL", tags: []string{"symbol:AAPL"}, wantDropped: true},
		{ns: "quotes", key: "MSFT", tags: []string{"symbol:MSFT"}},
		{ns: "quotes", key: "X"},
	}
	type instance struct {
		name string
		c    *cache.Cache
		ns   map[string]*cache.Namespace[int64]
	}
	newInstance := func(name string, c *cache.Cache) instance {
		return instance{name, c, map[string]*cache.Namespace[int64]{
			"dash":   cache.NewNamespace[int64](c, "dash", time.Minute),
			"quotes": cache.NewNamespace[int64](c, "quotes", time.Minute),
		}}
	}
	get := func(in instance, e *entry) (int64, cache.Tier) {
		t.Helper()
		return mustGetOpts(t, in.ns[e.ns], e.key, e.o.load, cache.WithTags(e.tags...))
	}
	instA, instB := newInstance("A", a), newInstance("B", b)
	for _, e := range entries {
		e.o = newVersioned()
		if _, tier := get(instA, e); tier != cache.TierOrigin {
			t.Fatalf("A Get(%s/%s) tier = %s, want origin", e.ns, e.key, tier)
		}
	}
	a.WaitL2Writes()
	for _, e := range entries {
		if _, tier := get(instB, e); tier != cache.TierL2 {
			t.Fatalf("B Get(%s/%s) tier = %s, want l2", e.ns, e.key, tier)
		}
		e.o.version.Store(2)
	}

	a.InvalidateTag(context.Background(), "symbol:AAPL")
	done := time.Now()

	// L2: a third instance reads what is left there.
	c := mustNew(t, testConfig(srv.URL()))
	waitL2(t, c, cache.StateUp)
	instC := newInstance("C", c)
	for _, e := range entries {
		v, tier := get(instC, e)
		if wantTier := map[bool]cache.Tier{true: cache.TierOrigin, false: cache.TierL2}[e.wantDropped]; tier != wantTier {
			t.Errorf("C Get(%s/%s) = %d, %s; want tier %s", e.ns, e.key, v, tier, wantTier)
		}
	}
	// L1 of both instances, within the propagation bound.
	for _, in := range []instance{instA, instB} {
		for _, e := range entries {
			if e.wantDropped {
				pollNew(t, in.ns[e.ns], e.key, e.o.load, 2, done, propagation, cache.WithTags(e.tags...))
				continue
			}
			if v, tier := get(in, e); v != 1 || tier != cache.TierL1 {
				t.Errorf("%s Get(%s/%s) = %d, %s; want 1, l1: an entry without the tag was dropped", in.name, e.ns, e.key, v, tier)
			}
		}
	}
}

func TestInvalidateTagWithoutL2(t *testing.T) {
	t.Parallel()
	c := mustNew(t, testConfig(""))
	ns := cache.NewNamespace[int64](c, "n", time.Minute)
	o := newVersioned()
	mustGetOpts(t, ns, "tagged", o.load, cache.WithTags("t"), cache.WithTags("", "u"))
	mustGetOpts(t, ns, "other", o.load, cache.WithTags("u"))
	mustGet(t, ns, "plain", o.load)
	c.InvalidateTag(context.Background(), "t")
	tests := []struct {
		key      string
		wantTier cache.Tier
	}{
		{"tagged", cache.TierOrigin},
		{"other", cache.TierL1},
		{"plain", cache.TierL1},
	}
	for _, tt := range tests {
		if _, tier := mustGet(t, ns, tt.key, o.load); tier != tt.wantTier {
			t.Errorf("Get(%s) tier = %s, want %s", tt.key, tier, tt.wantTier)
		}
	}
	// The tags of the dropped entry left the index with it: "u" now drops only "other".
	c.InvalidateTag(context.Background(), "u")
	if _, tier := mustGet(t, ns, "other", o.load); tier != cache.TierOrigin {
		t.Errorf("Get(other) after InvalidateTag(u) tier = %s, want origin", tier)
	}
}
