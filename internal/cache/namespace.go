package cache

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// Tier says where Get found a value.
type Tier string

// Tiers, from the cheapest.
const (
	TierL1     Tier = "l1"
	TierL2     Tier = "l2"
	TierOrigin Tier = "origin"
)

// Namespace is a typed view of the cache for one kind of value. Its keys are scoped by
// its name: callers pass the bare key and never format cache keys themselves.
//
// Values are shared between callers and must be treated as read-only. In L2 they are
// stored as JSON, so T must round-trip through encoding/json; change the namespace name
// when T changes incompatibly.
type Namespace[T any] struct {
	c        *Cache
	name     string
	ttl      time.Duration
	notFound error
	state    *nsState
	stats    *nsCounters
	warned   atomic.Bool // an encoding failure was logged
	misuse   error       // a programming error in NewNamespace: every Get fails with it
}

// NamespaceOption configures a Namespace.
type NamespaceOption func(*nsOptions)

type nsOptions struct {
	notFound error
}

// WithNotFound sets the error kind that means "not found": loader errors that match it
// with errors.Is are cached as tombstones for Config.NotFoundTTL, and every later hit
// returns an error that matches it too (the loader's own error from L1; from L2, an
// error with the same message wrapping kind). The default kind is ErrNotFound.
func WithNotFound(kind error) NamespaceOption {
	return func(o *nsOptions) { o.notFound = kind }
}

// NewNamespace registers the namespace name, whose entries live for ttl (±10%).
// It does no I/O: while L2 is up, the namespace agrees on its generation with
// Valkey on its first miss (waiting at most Config.CallTimeout) and does not
// use L2 until it knows it.
//
// A programming error — an empty name or one containing ':', a ttl under a
// millisecond, a nil not-found kind, a name registered twice on c — does not
// panic: every Get of that namespace fails with it, and Cache.Check, which the
// service calls once at start, reports it.
func NewNamespace[T any](c *Cache, name string, ttl time.Duration, opts ...NamespaceOption) *Namespace[T] {
	o := nsOptions{notFound: ErrNotFound}
	for _, opt := range opts {
		opt(&o)
	}
	var misuse error
	switch {
	case name == "" || strings.Contains(name, ":"):
		misuse = fmt.Errorf("cache: invalid namespace name %q", name)
	case ttl < time.Millisecond:
		misuse = fmt.Errorf("cache: namespace %q: ttl %v below 1ms", name, ttl)
	case o.notFound == nil:
		misuse = fmt.Errorf("cache: namespace %q: nil not-found kind", name)
	}
	var s *nsState
	if misuse == nil {
		s, misuse = c.register(name)
	}
	if misuse != nil {
		c.misused(misuse)
		s = newNSState(name) // registered nowhere: Get fails before using it
	}
	return &Namespace[T]{c: c, name: name, ttl: ttl, notFound: o.notFound, state: s, stats: &s.counters, misuse: misuse}
}

// GetOption configures one Get.
type GetOption struct {
	tags []string
}

// WithTags attaches tags to the entry that Get loads, in L1 and L2, so that
// Cache.InvalidateTag drops it on every instance. Empty tags are ignored. Tags describe
// what the value depends on ("symbol:AAPL", "dashboard:42"), so every Get of a key
// passes the same ones: an entry that is already cached, here or in L2, keeps the tags
// it was loaded with.
func WithTags(tags ...string) GetOption {
	return GetOption{tags: tags}
}

// tagsOf returns the distinct tags of opts, in a slice of its own.
func tagsOf(opts []GetOption) []string {
	var tags []string
	for _, o := range opts {
		for _, t := range o.tags {
			if t != "" && !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
	}
	return tags
}

// Get returns the value of key from L1, else L2, else load, and fills the tiers it
// missed. Concurrent Gets of a missing key share one call of load per instance; the
// Gets that join it report TierL1.
//
// An entry read in the last fifth of its L1 lifetime is refreshed once in the
// background, through L2 and load, so that keys read often never go cold; the Get
// that notices returns the cached value at once.
//
// Errors from load are returned as they are and not cached, except not-found errors
// (see WithNotFound), which are cached as tombstones and returned with the tier that
// answered. Failures of L2 are never returned.
func (n *Namespace[T]) Get(ctx context.Context, key string, load func(context.Context) (T, error), opts ...GetOption) (T, Tier, error) {
	k, e, hit, err := n.lookup(ctx, key)
	switch {
	case err != nil:
		var zero T
		return zero, TierOrigin, err
	case hit:
		if m := n.refreshDue(e); m != nil {
			n.refreshAhead(ctx, k, m, load)
		}
		return n.result(e, TierL1)
	}
	return n.miss(ctx, k, load, opts)
}

// GetKeyed is Get with a loader that takes the key, so that a caller can
// pass one function value made once (a method value kept in a field) and
// a read that hits L1 allocates nothing; Get's loader is usually a closure
// over the key, allocated on every call.
func (n *Namespace[T]) GetKeyed(ctx context.Context, key string, load func(context.Context, string) (T, error), opts ...GetOption) (T, Tier, error) {
	k, e, hit, err := n.lookup(ctx, key)
	switch {
	case err != nil:
		var zero T
		return zero, TierOrigin, err
	case hit:
		if m := n.refreshDue(e); m != nil {
			n.refreshAhead(ctx, k, m, func(ctx context.Context) (T, error) { return load(ctx, key) })
		}
		return n.result(e, TierL1)
	}
	return n.miss(ctx, k, func(ctx context.Context) (T, error) { return load(ctx, key) }, opts)
}

// lookup finds key in L1 and counts a hit.
func (n *Namespace[T]) lookup(ctx context.Context, key string) (l1Key, l1Entry, bool, error) {
	if n.misuse != nil {
		return l1Key{}, l1Entry{}, false, n.misuse
	}
	gen := n.state.gens.Load()
	if !gen.synced && n.c.l2 != nil {
		gen = n.c.syncNow(ctx, n.state) // the first Get of the namespace, or after an outage
	}
	k := l1Key{ns: gen.l1ns, key: key}
	e, ok := n.c.l1.GetIfPresent(k)
	if ok {
		n.stats.l1Hits.Add(1)
	}
	return k, e, ok, nil
}

// refreshDue returns the meta of e when e is due for a refresh ahead.
func (n *Namespace[T]) refreshDue(e l1Entry) *entryMeta {
	if m := e.meta; m != nil {
		if at := m.refreshAt.Load(); at != 0 && at <= n.c.clock.NowNano() {
			return m
		}
	}
	return nil
}

// miss loads k, which L1 did not hold, through L2 and load.
func (n *Namespace[T]) miss(ctx context.Context, k l1Key, load func(context.Context) (T, error), opts []GetOption) (T, Tier, error) {
	g := &getLoader[T]{n: n, load: load, tags: tagsOf(opts), tier: TierL1}
	e, err := n.c.l1.Get(ctx, k, g)
	switch {
	case err != nil:
		if !g.loaded {
			n.stats.l1Misses.Add(1) // a shared load failed, or ctx ended before loading
		}
		var zero T
		return zero, TierOrigin, err
	case !g.loaded:
		n.stats.l1Hits.Add(1)
	}
	return n.result(e, g.tier)
}

func (n *Namespace[T]) result(e l1Entry, tier Tier) (T, Tier, error) {
	if e.notFound != nil {
		var zero T
		return zero, tier, e.notFound
	}
	v, _ := e.val.(T) // a nil interface value fails the assertion and stays zero
	return v, tier, nil
}

// getLoader loads a missing key for one Get, on the Get's goroutine. Reload completes
// otter's Loader: otter never refreshes on its own (see refreshPolicy), and if it did,
// Reload would run elsewhere and must not touch the Get's fields.
type getLoader[T any] struct {
	n      *Namespace[T]
	load   func(context.Context) (T, error)
	tags   []string
	loaded bool
	tier   Tier
}

func (g *getLoader[T]) Load(ctx context.Context, k l1Key) (l1Entry, error) {
	g.loaded = true
	e, tier, err := g.n.fill(ctx, k, g.tags, g.load, false)
	g.tier = tier
	return e, err
}

func (g *getLoader[T]) Reload(ctx context.Context, k l1Key, old l1Entry) (l1Entry, error) {
	return g.n.refresh(ctx, k, old.meta, g.load)
}
