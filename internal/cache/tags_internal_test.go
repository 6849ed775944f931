package cache

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTagIndex(t *testing.T) {
	t.Parallel()
	x := newTagIndex(4)
	k1, k2 := l1Key{ns: "n", key: "1"}, l1Key{ns: "n", key: "2"}
	m1 := &entryMeta{tags: []string{"a", "b"}}
	m2 := &entryMeta{tags: []string{"a"}}
	newer := &entryMeta{tags: []string{"a", "b"}}

	if stale, full := x.add(k1, m1, 0); stale || full {
		t.Fatalf("add k1 = stale %v, full %v", stale, full)
	}
	if stale, full := x.add(k2, m2, 0); stale || full {
		t.Fatalf("add k2 = stale %v, full %v", stale, full)
	}
	if _, full := x.add(l1Key{ns: "n", key: "3"}, &entryMeta{tags: []string{"c", "d"}}, 0); !full {
		t.Errorf("add beyond max: not full (refs %d)", x.refs)
	}
	if _, full := x.add(k1, newer, 0); full { // replaces k1's refs: no new ones
		t.Errorf("re-adding k1 reported full (refs %d)", x.refs)
	}
	x.remove(k1, m1) // the replaced entry: must not forget the newer one
	if x.refs != 3 {
		t.Errorf("refs after removing a replaced entry = %d, want 3", x.refs)
	}

	keys := x.drop("a")
	slices.SortFunc(keys, func(p, q l1Key) int { return strings.Compare(p.key, q.key) })
	if want := []l1Key{k1, k2}; !slices.Equal(keys, want) {
		t.Errorf("drop(a) = %v, want %v", keys, want)
	}
	if stale, _ := x.add(k2, m2, 0); !stale {
		t.Error("add with an epoch from before drop: not stale")
	}
	x.remove(k1, newer)
	if x.refs != 0 || len(x.byTag) != 0 {
		t.Errorf("index not empty after removing everything: refs %d, tags %v", x.refs, x.byTag)
	}
}

// TestTagIndexFullDropsNamespace: tagged entries that the full index cannot hold are
// still dropped by their tag, with their whole namespace.
func TestTagIndexFullDropsNamespace(t *testing.T) {
	t.Parallel()
	c, err := New(Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	c.tags = newTagIndex(1)
	ns := NewNamespace[int](c, "n", time.Minute)
	other := NewNamespace[int](c, "other", time.Minute)
	load := func(context.Context) (int, error) { return 1, nil }
	ctx := context.Background()
	get := func(ns *Namespace[int], key string, opts ...GetOption) Tier {
		t.Helper()
		_, tier, err := ns.Get(ctx, key, load, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return tier
	}
	get(ns, "indexed", WithTags("t1"))
	get(ns, "unindexed", WithTags("t2"))
	get(other, "k")

	c.InvalidateTag(ctx, "t2")
	for _, tt := range []struct {
		ns   *Namespace[int]
		key  string
		want Tier
	}{
		{ns, "unindexed", TierOrigin},
		{ns, "indexed", TierOrigin}, // dropped with its namespace
		{other, "k", TierL1},
	} {
		if got := get(tt.ns, tt.key); got != tt.want {
			t.Errorf("Get(%s/%s) tier = %s, want %s", tt.ns.name, tt.key, got, tt.want)
		}
	}
}

// TestTagIndexFollowsL1: entries leave the index when L1 deletes them, whatever the
// cause, so that the index stays as large as L1.
func TestTagIndexFollowsL1(t *testing.T) {
	t.Parallel()
	c, err := New(Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	ns := NewNamespace[int](c, "n", time.Minute)
	load := func(context.Context) (int, error) { return 1, nil }
	ctx := context.Background()
	refs := func() int {
		c.tags.mu.Lock()
		defer c.tags.mu.Unlock()
		return c.tags.refs
	}
	for _, k := range []string{"a", "b", "c"} {
		if _, _, err := ns.Get(ctx, k, load, WithTags("t1", "t2")); err != nil {
			t.Fatal(err)
		}
	}
	if got := refs(); got != 6 {
		t.Fatalf("refs after 3 entries with 2 tags = %d, want 6", got)
	}
	ns.Invalidate(ctx, "a")
	if got := refs(); got != 4 {
		t.Errorf("refs after Invalidate = %d, want 4", got)
	}
	c.InvalidateTag(ctx, "t1") // drops b and c, and with them their t2 refs
	if got := refs(); got != 0 {
		t.Errorf("refs after InvalidateTag = %d, want 0", got)
	}
}
