// Package hotkeys counts cache reads per key in memory and flushes the counts
// to cache_metadata in batches, so the hottest keys can be preloaded after a
// restart (warming) without a database write per request.
package hotkeys

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

type hitKey struct{ namespace, key string }

// Recorder accumulates hits between flushes. It tracks at most maxKeys keys
// per flush interval; hits on further keys are dropped (they are, by
// definition, not the hottest).
type Recorder struct {
	st      Storage
	log     *slog.Logger
	maxKeys int
	ttls    map[string]time.Duration

	mu      sync.Mutex
	counts  map[hitKey]int64
	dropped int64
}

// NewRecorder records hits for the namespaces in ttls (namespace → TTL, stored
// with each key for the warmer).
func NewRecorder(st Storage, ttls map[string]time.Duration, maxKeys int, log *slog.Logger) *Recorder {
	return &Recorder{st: st, log: log, maxKeys: maxKeys, ttls: ttls, counts: make(map[hitKey]int64)}
}

// Hit counts one read of key in namespace. It never blocks on I/O.
func (r *Recorder) Hit(namespace, key string) {
	k := hitKey{namespace, key}
	r.mu.Lock()
	if _, ok := r.counts[k]; ok || len(r.counts) < r.maxKeys {
		r.counts[k]++
	} else {
		r.dropped++
	}
	r.mu.Unlock()
}

// Flush writes the accumulated counts in one transaction and starts afresh.
// It returns how many keys it wrote.
func (r *Recorder) Flush(ctx context.Context) (int, error) {
	r.mu.Lock()
	counts, dropped := r.counts, r.dropped
	r.counts, r.dropped = make(map[hitKey]int64, len(counts)), 0
	r.mu.Unlock()
	if len(counts) == 0 {
		return 0, nil
	}
	if err := r.st.RecordHits(ctx, r.hits(counts), time.Now().UTC()); err != nil {
		return 0, fmt.Errorf("flush cache hits: %w", err)
	}
	if dropped > 0 {
		r.log.DebugContext(ctx, "cache hit sampling dropped hits on untracked keys", "hits", dropped)
	}
	return len(counts), nil
}

// hits are counts as stored, in key order, so a flush writes in the same
// order whatever the map's iteration.
func (r *Recorder) hits(counts map[hitKey]int64) []Hits {
	hs := make([]Hits, 0, len(counts))
	for k, n := range counts {
		hs = append(hs, Hits{
			Key: StoredKey(k.namespace, k.key), Namespace: k.namespace,
			TTLSeconds: int64(max(r.ttls[k.namespace].Seconds(), 1)), Count: n,
		})
	}
	slices.SortFunc(hs, func(a, b Hits) int { return strings.Compare(a.Key, b.Key) })
	return hs
}

// Run flushes every interval until ctx ends, then once more.
func (r *Recorder) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			flushCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			if _, err := r.Flush(flushCtx); err != nil {
				r.log.Warn("final cache hit flush failed", "err", err)
			}
			cancel()
			return
		case <-t.C:
			if _, err := r.Flush(ctx); err != nil {
				r.log.WarnContext(ctx, "cache hit flush failed", "err", err)
			}
		}
	}
}

// StoredKey is the cache_metadata key of key in namespace.
func StoredKey(namespace, key string) string { return namespace + ":" + key }

// Namespaces are the namespaces whose reads r counts, sorted.
func (r *Recorder) Namespaces() []string {
	return slices.Sorted(maps.Keys(r.ttls))
}

// Hottest returns the most-read keys of namespace, most first, without the
// namespace prefix.
func (r *Recorder) Hottest(ctx context.Context, namespace string, top int) ([]string, error) {
	stored, err := r.st.Hottest(ctx, namespace, top)
	if err != nil {
		return nil, fmt.Errorf("hot keys of %s: %w", namespace, err)
	}
	keys := make([]string, len(stored))
	for i, k := range stored {
		keys[i] = strings.TrimPrefix(k, namespace+":")
	}
	return keys, nil
}
