package cache

import "context"

// Invalidate removes keys from L2, then from L1, and tells the peers, which drop them
// from their L1. Keys that cannot be removed from L2 now are removed (and announced)
// when it is reachable again, before it is used.
func (n *Namespace[T]) Invalidate(ctx context.Context, keys ...string) {
	if len(keys) == 0 {
		return
	}
	if l2 := n.c.l2; l2 != nil {
		g := n.c.syncNow(ctx, n.state) // an outdated generation would delete other keys
		l2Keys := make([]string, len(keys))
		for i, k := range keys {
			l2Keys[i] = g.prefix + k
		}
		l2.del(ctx, l2Keys)
	}
	ns := n.state.gens.Load().l1ns
	for _, k := range keys {
		n.c.l1.Invalidate(l1Key{ns: ns, key: k})
	}
}

// InvalidateAll drops every entry of the namespace from L1 and L2 on every instance, in
// O(1): it raises the namespace's generation, which is part of every key, in Valkey
// (one script call, which also tells the peers) and here. The old entries are left to
// expire. If Valkey cannot be reached, the generation is raised here only, and in
// Valkey before the namespace uses L2 again.
func (n *Namespace[T]) InvalidateAll(ctx context.Context) {
	s, l2 := n.state, n.c.l2
	if l2 == nil {
		s.bumpLocal(false)
		return
	}
	if cl := l2.active(); cl != nil {
		ctx = context.WithoutCancel(ctx) // a write happened: finish its invalidation
		gen, err := l2.generation(ctx, cl, s.name, s.gens.Load().l2, true)
		if err == nil {
			l2.succeeded()
			s.agree(gen, true)
			return
		}
		l2.failed(ctx, err)
	} else {
		l2.skipped.Add(1)
	}
	s.bumpPending.Store(true)
	s.bumpLocal(true)
}

// InvalidateTag drops every entry carrying tag (see WithTags), in any namespace, from
// L2 and L1 on every instance. If Valkey cannot be reached, the tag is dropped from L2
// (and announced) before L2 is used again.
func (c *Cache) InvalidateTag(ctx context.Context, tag string) {
	if tag == "" {
		return
	}
	if c.l2 != nil {
		c.l2.invalidateTag(ctx, tag)
	}
	c.dropTagL1(tag)
}

// dropTagL1 drops the L1 entries carrying tag. Tagged entries that the full index could
// not hold are dropped with their whole namespace.
func (c *Cache) dropTagL1(tag string) {
	for _, k := range c.tags.drop(tag) {
		c.l1.Invalidate(k)
	}
	for _, s := range c.states() {
		if s.untracked.Swap(false) {
			s.dropL1()
		}
	}
}
