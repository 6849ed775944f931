package cache

import (
	"context"
	"errors"
	"time"
)

// fill loads the entry of k from L2, else from load, and writes L2 in the background.
// It runs on an L1 miss, once per key at a time, and for refreshes (refresh set), which
// take from L2 only an entry with at least half its life ahead, so that they do not
// adopt the very entry they are replacing.
func (n *Namespace[T]) fill(ctx context.Context, k l1Key, tags []string, load func(context.Context) (T, error), refresh bool) (l1Entry, Tier, error) {
	c := n.c
	if !refresh {
		n.stats.l1Misses.Add(1)
	}
	var epoch uint64
	if len(tags) > 0 {
		epoch = c.tags.epoch.Load()
	}
	g := n.state.gens.Load()
	l2 := c.l2
	useL2 := l2 != nil && g.synced // an outdated generation could read invalidated entries
	var (
		l2Key  string
		guards []string // nil unless L2 answered: the write needs them
	)
	if useL2 {
		l2Key = g.prefix + k.key
		e, hit, gs := n.fromL2(ctx, l2Key, tags, refresh)
		guards = gs
		if hit {
			if refresh {
				c.refreshes.fromL2.Add(1)
			} else {
				n.stats.l2Hits.Add(1)
			}
			e.ttl = c.l1TTL(e.ttl)
			e, _ = n.track(k, e, tags, epoch)
			return e, TierL2, nil
		}
	} else if l2 != nil {
		l2.skipped.Add(1)
	}

	if refresh {
		c.refreshes.fromOrigin.Add(1)
	} else {
		n.stats.originLoads.Add(1)
	}
	e, payload, err := n.fromOrigin(ctx, load)
	if err != nil {
		return l1Entry{}, TierOrigin, err
	}
	l2TTL := e.ttl
	e.ttl = c.l1TTL(e.ttl)
	e, fresh := n.track(k, e, tags, epoch)
	switch {
	case l2 == nil:
	case guards == nil || payload == nil || !fresh:
		l2.skipped.Add(1)
	default:
		l2.setAsync(l2Key, payload, l2TTL, tags, guards)
	}
	return e, TierOrigin, nil
}

// fromOrigin calls load and builds the entry of what it returns, the value or the
// namespace's not-found error, each kind with its own jittered TTL. payload is the entry
// encoded for L2 (a tombstone for not found), nil if the value cannot be encoded. err is
// an error of load other than not found: there is no entry then.
func (n *Namespace[T]) fromOrigin(ctx context.Context, load func(context.Context) (T, error)) (_ l1Entry, payload []byte, err error) {
	v, err := load(ctx)
	switch {
	case err != nil && !errors.Is(err, n.notFound):
		return l1Entry{}, nil, err
	case err != nil:
		ttl := jitter(n.c.cfg.NotFoundTTL)
		e := l1Entry{notFound: err, ttl: ttl, size: sizeOf(len(err.Error()))}
		return e, encodeTombstone(err, time.Now().Add(ttl)), nil
	}
	ttl := jitter(n.ttl)
	e := l1Entry{val: v, ttl: ttl}
	if payload, err = encodeValue(v, time.Now().Add(ttl)); err != nil {
		payload = nil // L1 can still hold it; its size is unknown
		if n.warned.CompareAndSwap(false, true) {
			n.c.log.Error("value cannot be stored in l2", "namespace", n.name, "err", err)
		}
	}
	e.size = sizeOf(len(payload))
	return e, payload, nil
}

// track gives e its metadata and indexes its tags. fresh is false when a tag
// invalidation happened since the load started (epoch): the value may predate it, so
// it is returned to the callers but not cached.
func (n *Namespace[T]) track(k l1Key, e l1Entry, tags []string, epoch uint64) (_ l1Entry, fresh bool) {
	e.meta = &entryMeta{tags: tags}
	n.c.scheduleRefresh(e.meta, e.ttl)
	if len(tags) == 0 {
		return e, true
	}
	stale, full := n.c.tags.add(k, e.meta, epoch)
	switch {
	case stale:
		e.ttl = time.Millisecond
		e.meta.refreshAt.Store(0)
		return e, false
	case full && !n.state.untracked.Swap(true):
		n.c.log.Warn("tag index full: tag invalidations drop the whole namespace from l1",
			"namespace", n.name, "max", maxTagRefs)
	}
	return e, true
}

// fromL2 reads and decodes an L2 entry, with the guards of its key and tags. hit says
// that the entry is usable: it stays in L1 for what is left of its life in L2, capped
// by this instance's own TTL (clocks of instances may differ). guards is nil if L2 did
// not answer.
func (n *Namespace[T]) fromL2(ctx context.Context, l2Key string, tags []string, refresh bool) (_ l1Entry, hit bool, guards []string) {
	l2 := n.c.l2
	payload, found, guards, ok := l2.read(ctx, l2Key, guardKeys(l2Key, tags))
	if !ok || !found {
		return l1Entry{}, false, guards
	}
	e, expires, err := decodeEntry[T](payload, n.notFound)
	if err != nil { // written by an incompatible version: reload and overwrite it
		l2.errors.Add(1)
		n.c.log.Debug("unreadable l2 entry", "key", l2Key, "err", err)
		return l1Entry{}, false, guards
	}
	own := n.ttl
	if e.notFound != nil {
		own = n.c.cfg.NotFoundTTL
	}
	left := time.Until(expires)
	minLeft := time.Millisecond
	if refresh {
		minLeft = max(minLeft, own/2)
	}
	if left < minLeft { // expired by this instance's clock, or too old to refresh from
		l2.misses.Add(1)
		return l1Entry{}, false, guards
	}
	e.ttl = min(jitter(own), left)
	l2.hits.Add(1)
	return e, true, guards
}
