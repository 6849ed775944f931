// Package ratelimit is the service's one keyed token-bucket store: the
// per-address and per-user request limits of the HTTP layer and the login
// and registration throttles of accounts all take from a Store. A Decision
// says whether a take was allowed, what is left and when to retry; its
// SetHeaders tells a client in the RateLimit-* and Retry-After fields, and
// a refusal becomes an error whose cause (*Exceeded) carries the wait, so
// whoever answers the client can say Retry-After.
//
// With several instances, a Store given a Cluster (Valkey) shares its
// buckets with the same store of the other instances: Exact ones decide
// every take in Valkey, Approximate ones decide locally and reconcile in
// the background. Without Valkey, or while it fails, each instance decides
// alone.
package ratelimit

import (
	"math"
	"strconv"
	"sync"
	"time"
)

// sweepEvery is how often buckets that have refilled are forgotten.
const sweepEvery = 10 * time.Second

// defaultMaxKeys is the number of keys tracked at once when New is given 0.
const defaultMaxKeys = 100_000

// Store holds a token bucket per key K (a client address, a user id, an
// account's email). It is on the path of every request, hence a plain map:
// a full bucket is as good as a new one, so a sweep forgets those and the
// map holds only the keys active lately. Close stops the sweep.
type Store[K comparable] struct {
	perSecond float64
	burst     int
	maxKeys   int
	limit     []string // RateLimit-Limit, shared by every answer: header values are never modified in place
	share     sharing
	syncs     syncStats

	mu       sync.RWMutex
	buckets  map[K]*bucket
	overflow *bucket // shared by new keys while maxKeys are tracked

	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

// New allows burst takes at once and perSecond sustained per key (a
// throttle of 5 a minute is New(5.0/60, ...)). At most maxKeys keys (0:
// 100 000) have a bucket of their own at once; beyond, new keys share one
// bucket until the sweep forgets idle ones. Exact or Approximate share the
// buckets with other instances.
func New[K comparable](perSecond float64, burst, maxKeys int, opts ...Option) *Store[K] {
	if maxKeys <= 0 {
		maxKeys = defaultMaxKeys
	}
	s := &Store[K]{
		perSecond: perSecond, burst: burst, maxKeys: maxKeys,
		limit:    []string{strconv.Itoa(burst)},
		buckets:  make(map[K]*bucket),
		overflow: newBucket(float64(burst), time.Now()),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	for _, o := range opts {
		o(&s.share)
	}
	go s.loop()
	return s
}

// Take spends one token of key's bucket at now. When the bucket is empty it
// spends nothing and the decision is a refusal saying how long to wait.
func (s *Store[K]) Take(key K, now time.Time) Decision {
	if s.share.mode == modeExact {
		if d, ok := s.decideShared(key, now, true); ok {
			return d
		}
	}
	b, _ := s.bucket(key, now)
	ok, tokens := b.take(now, s.perSecond, float64(s.burst), s.share.counting())
	if !ok {
		return s.refusal(tokens)
	}
	return s.allowed(tokens)
}

// Peek tells what a Take of key at now would decide, spending nothing. A
// key without a bucket of its own is full: Peek creates none, so keys that
// are only looked at cost no memory.
func (s *Store[K]) Peek(key K, now time.Time) Decision {
	if s.share.mode == modeExact {
		if d, ok := s.decideShared(key, now, false); ok {
			return d
		}
	}
	s.mu.RLock()
	b := s.buckets[key]
	s.mu.RUnlock()
	if b == nil {
		return s.full()
	}
	return s.peeked(b.tokensAt(now, s.perSecond, float64(s.burst)))
}

// allowed is the decision of a take that left tokens.
func (s *Store[K]) allowed(tokens float64) Decision {
	remaining := int(tokens)
	return Decision{
		OK: true, Limit: s.burst, Remaining: max(remaining, 0),
		resetSecs: int(math.Ceil(float64(s.burst-remaining) / s.perSecond)),
		limit:     s.limit,
	}
}

// peeked is the decision of a look at a bucket holding tokens.
func (s *Store[K]) peeked(tokens float64) Decision {
	if tokens < 1 {
		return s.refusal(tokens)
	}
	return Decision{
		OK: true, Limit: s.burst, Remaining: int(tokens),
		resetSecs: int(math.Ceil((float64(s.burst) - tokens) / s.perSecond)),
		limit:     s.limit,
	}
}

func (s *Store[K]) full() Decision {
	return Decision{OK: true, Limit: s.burst, Remaining: s.burst, limit: s.limit}
}

// refusal is the decision of a bucket holding tokens, less than one: how
// long until a token.
func (s *Store[K]) refusal(tokens float64) Decision {
	secs := max(int(math.Ceil(waitFor(tokens, s.perSecond).Seconds())), 1)
	return Decision{Limit: s.burst, resetSecs: secs, RetryAfter: time.Duration(secs) * time.Second, limit: s.limit}
}

// bucket is key's bucket, made at now if it has none; own is false for the
// overflow bucket, shared by the keys beyond maxKeys.
func (s *Store[K]) bucket(key K, now time.Time) (b *bucket, own bool) {
	s.mu.RLock()
	b = s.buckets[key]
	s.mu.RUnlock()
	if b != nil {
		return b, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if b = s.buckets[key]; b != nil {
		return b, true
	}
	if len(s.buckets) >= s.maxKeys {
		return s.overflow, false
	}
	b = newBucket(float64(s.burst), now)
	s.buckets[key] = b
	return b, true
}

// loop sweeps and, for an approximate store, syncs until Close.
func (s *Store[K]) loop() {
	defer close(s.done)
	sweep := time.NewTicker(sweepEvery)
	defer sweep.Stop()
	var syncs <-chan time.Time
	if s.share.mode == modeApproximate {
		t := time.NewTicker(s.share.cluster.cfg.SyncEvery)
		defer t.Stop()
		syncs = t.C
	}
	for {
		select {
		case <-s.stop:
			return
		case now := <-sweep.C:
			s.sweep(now)
		case <-syncs:
			s.sync()
		}
	}
}

// sweep forgets the buckets that have refilled, unless they hold takes
// still to be told to the cluster.
func (s *Store[K]) sweep(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	burst := float64(s.burst)
	for k, b := range s.buckets {
		b.mu.Lock()
		idle := b.taken == 0 && b.advance(now, s.perSecond, burst) >= burst
		b.mu.Unlock()
		if idle {
			delete(s.buckets, k)
		}
	}
}

// Close stops the sweep and the sync. It is idempotent.
func (s *Store[K]) Close() {
	s.closeOnce.Do(func() { close(s.stop) })
	<-s.done
}
