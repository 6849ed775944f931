package cache

import "sync/atomic"

// Stats are cumulative counters since New, plus the current size of L1.
//
// Every Get counts as exactly one L1 hit or one L1 miss. A miss consults L2 (one L2 hit,
// miss, error or skip) unless L2 is disabled, and a miss not answered by L2 is one origin
// load. Concurrent Gets of one missing key share a single miss; the others count as L1
// hits. L2 writes and deletes also count errors and skips. Refreshes are counted apart:
// they are not Gets, and their L2 reads and writes count in L2 as well.
type Stats struct {
	L1            L1Stats
	L2            L2Stats
	OriginLoads   uint64
	Namespaces    map[string]NamespaceStats
	Refreshes     RefreshStats
	Invalidations InvalidationStats
	Breaker       BreakerStats
}

// L1Stats describe the in-process tier. Evictions counts entries removed for size or
// expiry (not invalidations); Weight is updated by otter's maintenance, shortly after
// the writes, while Entries is immediate. Entries of old generations (InvalidateAll)
// stay counted until they expire.
type L1Stats struct {
	Hits, Misses, Evictions uint64
	Entries                 int
	Weight                  uint64 // approximate bytes
}

// L2Stats describe the Valkey tier; zero when it is disabled.
type L2Stats struct {
	Hits, Misses uint64
	Errors       uint64 // failed commands, whether or not they count towards the breaker
	Skipped      uint64 // commands not sent because L2 was down or saturated
}

// NamespaceStats count the Gets of one namespace: hits were answered by L1 or L2,
// misses went to the origin.
type NamespaceStats struct {
	Hits, Misses uint64
}

// RefreshStats count refresh-ahead: Started = FromL2 + FromOrigin, and Failed counts the
// origin loads that returned an error (the old entry then stays until it expires).
type RefreshStats struct {
	Started, FromL2, FromOrigin, Failed uint64
}

// InvalidationStats count the messages of the invalidation channel: Sent were published
// by this instance (one per Invalidate, InvalidateAll or InvalidateTag that reached
// Valkey, replays and generation changes included), Received were published by peers
// and applied here. Subscriptions counts (re)subscriptions; each one empties L1.
type InvalidationStats struct {
	Sent, Received, Subscriptions uint64
}

// BreakerStats describe the L2 breaker: State is StateUp, StateDown or StateDisabled,
// and Transitions counts its changes, the first connection included.
type BreakerStats struct {
	State       string
	Transitions uint64
}

// nsCounters are kept per namespace only; the totals are summed on demand, so that a
// hit increments a single counter.
type nsCounters struct {
	l1Hits, l1Misses, l2Hits, originLoads atomic.Uint64
}

// Stats returns a snapshot of the counters.
func (c *Cache) Stats() Stats {
	s := Stats{
		L1: L1Stats{
			Evictions: c.l1Evictions.Load(),
			Entries:   c.l1.EstimatedSize(),
			Weight:    c.l1.WeightedSize(),
		},
		Refreshes: RefreshStats{
			Started:    c.refreshes.started.Load(),
			FromL2:     c.refreshes.fromL2.Load(),
			FromOrigin: c.refreshes.fromOrigin.Load(),
			Failed:     c.refreshes.failed.Load(),
		},
		Breaker: BreakerStats{State: StateDisabled},
	}
	if l := c.l2; l != nil {
		s.L2 = L2Stats{Hits: l.hits.Load(), Misses: l.misses.Load(), Errors: l.errors.Load(), Skipped: l.skipped.Load()}
		s.Breaker.State, _ = l.state()
		s.Breaker.Transitions = l.transitions.Load()
		s.Invalidations = InvalidationStats{
			Sent:          l.sent.Load(),
			Received:      c.received.Load(),
			Subscriptions: c.bus.subscriptions.Load(),
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s.Namespaces = make(map[string]NamespaceStats, len(c.namespaces))
	for name, st := range c.namespaces {
		n := &st.counters
		l1Hits, l1Misses, l2Hits, loads := n.l1Hits.Load(), n.l1Misses.Load(), n.l2Hits.Load(), n.originLoads.Load()
		s.L1.Hits += l1Hits
		s.L1.Misses += l1Misses
		s.OriginLoads += loads
		s.Namespaces[name] = NamespaceStats{Hits: l1Hits + l2Hits, Misses: loads}
	}
	return s
}
