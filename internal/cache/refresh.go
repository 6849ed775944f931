package cache

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/maypok86/otter/v2"
)

// noRefresh is "never" for otter's refresh policy.
const noRefresh = 100 * 365 * 24 * time.Hour

// refreshPolicy only enables otter's Refresh: the cache decides itself when an entry is
// due (entryMeta.refreshAt), which the hit path reads without otter's Entry snapshot
// (GetEntry costs about 70ns more than GetIfPresent). Otter never refreshes on its own.
type refreshPolicy struct{}

func (refreshPolicy) RefreshAfterCreate(otter.Entry[l1Key, l1Entry]) time.Duration {
	return noRefresh
}

func (refreshPolicy) RefreshAfterUpdate(otter.Entry[l1Key, l1Entry], l1Entry) time.Duration {
	return noRefresh
}

func (refreshPolicy) RefreshAfterReload(otter.Entry[l1Key, l1Entry], l1Entry) time.Duration {
	return noRefresh
}

func (refreshPolicy) RefreshAfterReloadFailure(otter.Entry[l1Key, l1Entry], error) time.Duration {
	return noRefresh
}

// scheduleRefresh makes the entry m, which lives ttl from now, due for a refresh-ahead
// in the last fifth of its life.
//
// Entries whose last fifth is shorter than Config.CallTimeout are not refreshed ahead: a
// refresh slowed by L2 would outlive them, and a Get that misses would wait for it (otter
// joins the load in flight), then for a load of its own, as otter discards a refresh that
// finishes after its entry expired.
func (c *Cache) scheduleRefresh(m *entryMeta, ttl time.Duration) {
	if ttl/5 < c.cfg.CallTimeout {
		m.refreshAt.Store(0)
		return
	}
	m.refreshAt.Store(c.clock.NowNano() + int64(ttl-ttl/5))
}

// refreshCounters count refreshes for Stats.
type refreshCounters struct {
	started, fromL2, fromOrigin, failed atomic.Uint64
}

// refreshAhead starts a background refresh of the entry m of k, once per entry. Otter
// runs it on a goroutine of its own and discards its result if k is written or
// invalidated meanwhile, so that a refresh never brings back an invalidated value.
func (n *Namespace[T]) refreshAhead(ctx context.Context, k l1Key, m *entryMeta, load func(context.Context) (T, error)) {
	if !m.refreshing.CompareAndSwap(false, true) {
		return
	}
	n.c.l1.Refresh(ctx, k, &refreshLoader[T]{n: n, meta: m, load: load})
}

// refreshLoader refreshes a key whose entry was due. Load runs if the entry went away
// before the refresh started: a Get may be waiting for it, so it loads all the same.
type refreshLoader[T any] struct {
	n    *Namespace[T]
	meta *entryMeta
	load func(context.Context) (T, error)
}

func (r *refreshLoader[T]) Load(ctx context.Context, k l1Key) (l1Entry, error) {
	return r.n.refresh(ctx, k, r.meta, r.load)
}

func (r *refreshLoader[T]) Reload(ctx context.Context, k l1Key, old l1Entry) (l1Entry, error) {
	m := old.meta
	if m == nil {
		m = r.meta
	}
	return r.n.refresh(ctx, k, m, r.load)
}

// refresh loads a new entry for k through L2 and load, with the tags of the entry it
// replaces (old). ctx is not cancelled with its request (otter detaches it) but with
// Close. Its error is logged by otter; the old entry stays, and is due again after a
// tenth of the namespace's TTL.
func (n *Namespace[T]) refresh(ctx context.Context, k l1Key, old *entryMeta, load func(context.Context) (T, error)) (l1Entry, error) {
	c := n.c
	if c.tasks.start() {
		defer c.tasks.done()
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(c.bg, cancel)()
	}
	c.refreshes.started.Add(1)
	var tags []string
	if old != nil {
		tags = old.tags
	}
	e, _, err := n.fill(ctx, k, tags, load, true)
	if err != nil {
		c.refreshes.failed.Add(1)
		if old != nil {
			old.refreshAt.Store(c.clock.NowNano() + int64(max(n.ttl/10, time.Millisecond)))
			old.refreshing.Store(false)
		}
		return l1Entry{}, fmt.Errorf("refresh %s %q: %w", n.name, k.key, err)
	}
	return e, nil
}
