package cache

import (
	"context"
	"log/slog"
	"math"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/maypok86/otter/v2"
)

// l1Key identifies an L1 entry. A struct key spares the hit path from building
// "namespace:key" strings; the L2 key is built only on an L1 miss. ns holds the
// namespace's L1 generation ("<namespace>:<generation>", precomputed): raising it makes
// the namespace's entries unreachable. A separate generation field would cost the hit
// path about 20ns of hashing.
type l1Key struct {
	ns  string
	key string
}

// l1Entry is what L1 stores for every namespace. Exactly one of val and notFound is
// meaningful: a non-nil notFound makes the entry a tombstone.
type l1Entry struct {
	val      any
	notFound error
	ttl      time.Duration // lifetime from the write, read by the expiry calculator
	size     uint32        // approximate bytes of the value (its encoded form)
	meta     *entryMeta    // nil only for entries that never reach L1
}

// entryMeta is the per-entry state that is not part of the value. Its address identifies
// one load of a key, so that the tag index never forgets a newer entry for an older one.
type entryMeta struct {
	tags       []string
	refreshAt  atomic.Int64 // clock time from which a read refreshes the entry; 0: never
	refreshing atomic.Bool  // a refresh-ahead was started from this entry
}

// entryOverhead approximates the bytes of an otter node, the key headers, l1Entry and
// entryMeta.
const entryOverhead = 200

func weigh(k l1Key, e l1Entry) uint32 {
	w := uint64(entryOverhead) + uint64(len(k.ns)) + uint64(len(k.key)) + uint64(e.size)
	if e.meta != nil {
		for _, t := range e.meta.tags {
			w += 16 + uint64(len(t))
		}
	}
	return uint32(min(w, math.MaxUint32))
}

func sizeOf(n int) uint32 {
	return uint32(min(uint64(n), math.MaxUint32))
}

// jitter spreads d uniformly over ±10% so that entries loaded together do not expire
// together.
func jitter(d time.Duration) time.Duration {
	spread := d / 5
	if spread <= 0 {
		return d
	}
	return d - spread/2 + rand.N(spread+1)
}

// newL1 builds the otter cache. Its clock is coarse: reading the precise time is a large
// part of a read (about 80ns on a busy VM), a coarse clock costs a variable load, and a
// millisecond of precision is plenty for TTLs.
func newL1(cfg Config, log *slog.Logger, clock otter.Clock, evictions *atomic.Uint64, deleted func(l1Key, l1Entry)) (*otter.Cache[l1Key, l1Entry], error) {
	return otter.New(&otter.Options[l1Key, l1Entry]{
		MaximumWeight: uint64(cfg.L1MaxBytes),
		Weigher:       weigh,
		ExpiryCalculator: otter.ExpiryWritingFunc(func(e otter.Entry[l1Key, l1Entry]) time.Duration {
			return e.Value.ttl
		}),
		RefreshCalculator: refreshPolicy{},
		Clock:             clock,
		OnAtomicDeletion: func(e otter.DeletionEvent[l1Key, l1Entry]) {
			deleted(e.Key, e.Value)
		},
		StatsRecorder: evictionRecorder{evictions},
		Logger:        otterLogger{log},
	})
}

// evictionRecorder counts only evictions: hits and misses are counted by the cache
// itself, per namespace and tier, so otter's own counters would be redundant work on
// the hit path.
type evictionRecorder struct{ n *atomic.Uint64 }

func (r evictionRecorder) RecordEviction(uint32)         { r.n.Add(1) }
func (evictionRecorder) RecordHits(int)                  {}
func (evictionRecorder) RecordMisses(int)                {}
func (evictionRecorder) RecordLoadSuccess(time.Duration) {}
func (evictionRecorder) RecordLoadFailure(time.Duration) {}

// otterLogger routes otter's warnings to the service logger instead of slog.Default.
type otterLogger struct{ log *slog.Logger }

func (l otterLogger) Warn(ctx context.Context, msg string, err error) {
	l.log.WarnContext(ctx, "l1: "+msg, "err", err)
}

func (l otterLogger) Error(ctx context.Context, msg string, err error) {
	l.log.ErrorContext(ctx, "l1: "+msg, "err", err)
}
