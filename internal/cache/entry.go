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
// "namespace:key" strings; the L2 key is built only on an L1 miss.
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
}

// entryOverhead approximates the bytes of an otter node, the key headers and l1Entry.
const entryOverhead = 160

func weigh(k l1Key, e l1Entry) uint32 {
	w := uint64(entryOverhead) + uint64(len(k.ns)) + uint64(len(k.key)) + uint64(e.size)
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

func newL1(cfg Config, log *slog.Logger, evictions *atomic.Uint64) (*otter.Cache[l1Key, l1Entry], error) {
	return otter.New(&otter.Options[l1Key, l1Entry]{
		MaximumWeight: uint64(cfg.L1MaxBytes),
		Weigher:       weigh,
		ExpiryCalculator: otter.ExpiryWritingFunc(func(e otter.Entry[l1Key, l1Entry]) time.Duration {
			return e.Value.ttl
		}),
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
