package cache

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/maypok86/otter/v2"
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
	stats    *nsCounters
	warned   atomic.Bool // an encoding failure was logged
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
// It panics on a programming error: an empty name or one containing ':', a ttl under a
// millisecond, a nil not-found kind, or a name registered twice on c.
func NewNamespace[T any](c *Cache, name string, ttl time.Duration, opts ...NamespaceOption) *Namespace[T] {
	o := nsOptions{notFound: ErrNotFound}
	for _, opt := range opts {
		opt(&o)
	}
	switch {
	case name == "" || strings.Contains(name, ":"):
		panic(fmt.Sprintf("cache: invalid namespace name %q", name))
	case ttl < time.Millisecond:
		panic(fmt.Sprintf("cache: namespace %q: ttl %v below 1ms", name, ttl))
	case o.notFound == nil:
		panic(fmt.Sprintf("cache: namespace %q: nil not-found kind", name))
	}
	return &Namespace[T]{c: c, name: name, ttl: ttl, notFound: o.notFound, stats: c.register(name)}
}

// Get returns the value of key from L1, else L2, else load, and fills the tiers it
// missed. Concurrent Gets of a missing key share one call of load per instance; the
// Gets that join it report TierL1.
//
// Errors from load are returned as they are and not cached, except not-found errors
// (see WithNotFound), which are cached as tombstones and returned with the tier that
// answered. Failures of L2 are never returned.
func (n *Namespace[T]) Get(ctx context.Context, key string, load func(context.Context) (T, error)) (T, Tier, error) {
	k := l1Key{ns: n.name, key: key}
	if e, ok := n.c.l1.GetIfPresent(k); ok {
		n.stats.l1Hits.Add(1)
		return n.result(e, TierL1)
	}
	tier, loaded := TierL1, false
	e, err := n.c.l1.Get(ctx, k, otter.LoaderFunc[l1Key, l1Entry](func(ctx context.Context, _ l1Key) (e l1Entry, err error) {
		loaded = true
		e, tier, err = n.fill(ctx, key, load)
		return e, err
	}))
	switch {
	case err != nil:
		if !loaded {
			n.stats.l1Misses.Add(1) // a shared load failed, or ctx ended before loading
		}
		var zero T
		return zero, TierOrigin, err
	case !loaded:
		n.stats.l1Hits.Add(1)
	}
	return n.result(e, tier)
}

func (n *Namespace[T]) result(e l1Entry, tier Tier) (T, Tier, error) {
	if e.notFound != nil {
		var zero T
		return zero, tier, e.notFound
	}
	v, _ := e.val.(T) // a nil interface value fails the assertion and stays zero
	return v, tier, nil
}

// fill runs on an L1 miss, once per key at a time: it reads L2, else loads from origin
// and writes L2 in the background.
func (n *Namespace[T]) fill(ctx context.Context, key string, load func(context.Context) (T, error)) (l1Entry, Tier, error) {
	n.stats.l1Misses.Add(1)
	l2, l2Key := n.c.l2, ""
	if l2 != nil {
		l2Key = n.name + ":" + key
		if e, ok := n.fromL2(ctx, l2Key); ok {
			n.stats.l2Hits.Add(1)
			return e, TierL2, nil
		}
	}

	n.stats.originLoads.Add(1)
	v, err := load(ctx)
	if err != nil {
		if !errors.Is(err, n.notFound) {
			return l1Entry{}, TierOrigin, err
		}
		ttl := jitter(n.c.cfg.NotFoundTTL)
		if l2 != nil {
			l2.setAsync(l2Key, encodeTombstone(err, time.Now().Add(ttl)), ttl)
		}
		return l1Entry{notFound: err, ttl: ttl, size: sizeOf(len(err.Error()))}, TierOrigin, nil
	}

	ttl := jitter(n.ttl)
	payload, err := encodeValue(v, time.Now().Add(ttl))
	switch {
	case err != nil: // L1 can still hold it; its size is unknown
		if n.warned.CompareAndSwap(false, true) {
			n.c.log.Error("value cannot be stored in l2", "namespace", n.name, "err", err)
		}
	case l2 != nil:
		l2.setAsync(l2Key, payload, ttl)
	}
	return l1Entry{val: v, ttl: ttl, size: sizeOf(len(payload))}, TierOrigin, nil
}

// fromL2 reads and decodes an L2 entry. It stays in L1 for what is left of its life
// in L2, capped by this instance's own TTL (clocks of instances may differ).
func (n *Namespace[T]) fromL2(ctx context.Context, l2Key string) (l1Entry, bool) {
	l2 := n.c.l2
	payload, ok := l2.get(ctx, l2Key)
	if !ok {
		return l1Entry{}, false
	}
	e, expires, err := decodeEntry[T](payload, n.notFound)
	if err != nil { // written by an incompatible version: reload and overwrite it
		l2.errors.Add(1)
		n.c.log.Debug("unreadable l2 entry", "key", l2Key, "err", err)
		return l1Entry{}, false
	}
	own := n.ttl
	if e.notFound != nil {
		own = n.c.cfg.NotFoundTTL
	}
	e.ttl = min(jitter(own), time.Until(expires))
	if e.ttl < time.Millisecond { // expired by this instance's clock
		l2.misses.Add(1)
		return l1Entry{}, false
	}
	l2.hits.Add(1)
	return e, true
}

// Invalidate removes keys from L2, then from L1. Keys that cannot be removed from L2 now
// are removed when it is reachable again, before it is used.
func (n *Namespace[T]) Invalidate(ctx context.Context, keys ...string) {
	if len(keys) == 0 {
		return
	}
	if l2 := n.c.l2; l2 != nil {
		l2Keys := make([]string, len(keys))
		for i, k := range keys {
			l2Keys[i] = n.name + ":" + k
		}
		l2.del(ctx, l2Keys)
	}
	for _, k := range keys {
		n.c.l1.Invalidate(l1Key{ns: n.name, key: k})
	}
}
