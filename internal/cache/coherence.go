package cache

import "time"

// coherent says whether this instance hears its peers' invalidations: L2 is disabled (no
// peers), or it is up and the channel subscribed.
func (c *Cache) coherent() bool {
	return c.l2 == nil || (c.l2.up.Load() && c.bus.subscribed.Load())
}

// l1TTL caps the L1 lifetime of a new entry to Config.DownL1TTL while peers cannot tell
// this instance that it changed.
func (c *Cache) l1TTL(ttl time.Duration) time.Duration {
	if c.coherent() {
		return ttl
	}
	return min(ttl, jitter(c.cfg.DownL1TTL))
}

// capIfLost caps the L1 entries once after each loss of coherence: they were written
// with their full TTL while peers could still invalidate them. It runs in the
// background loop, after each probe.
func (c *Cache) capIfLost() {
	if c.coherent() {
		return
	}
	c.capMu.Lock()
	defer c.capMu.Unlock()
	epoch := c.l2.transitions.Load() + c.busLosses.Load()
	if epoch == c.cappedAt {
		return
	}
	c.cappedAt = epoch
	c.capL1()
}

// capL1 shortens every L1 entry that would outlive Config.DownL1TTL, and moves its
// refresh-ahead accordingly. It takes time in the number of entries, which is fine for
// an event as rare as an outage.
func (c *Cache) capL1() {
	d := c.cfg.DownL1TTL
	keys := make([]l1Key, 0, c.l1.EstimatedSize())
	for k := range c.l1.Keys() {
		keys = append(keys, k)
	}
	capped := 0
	for _, k := range keys {
		e, ok := c.l1.GetEntryQuietly(k)
		if !ok || e.ExpiresAfter() <= d {
			continue
		}
		ttl := jitter(d)
		c.l1.SetExpiresAfter(k, ttl)
		if m := e.Value.meta; m != nil {
			c.scheduleRefresh(m, ttl)
		}
		capped++
	}
	c.log.Debug("l1 lifetimes capped while peers cannot be heard", "entries", capped, "ttl", d)
}
