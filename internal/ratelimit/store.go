// Package ratelimit is the service's one keyed token-bucket store: the
// per-address and per-user request limits of the HTTP layer and the login
// and registration throttles of accounts all take from a Store. A Decision
// says whether a take was allowed, what is left and when to retry; its
// SetHeaders tells a client in the RateLimit-* and Retry-After fields, and
// a refusal becomes an error whose cause (*Exceeded) carries the wait, so
// whoever answers the client can say Retry-After.
package ratelimit

import (
	"math"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
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

	mu       sync.RWMutex
	buckets  map[K]*rate.Limiter
	overflow *rate.Limiter // shared by new keys while maxKeys are tracked

	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

// New allows burst takes at once and perSecond sustained per key (a
// throttle of 5 a minute is New(5.0/60, ...)). At most maxKeys keys (0:
// 100 000) have a bucket of their own at once; beyond, new keys share one
// bucket until the sweep forgets idle ones.
func New[K comparable](perSecond float64, burst, maxKeys int) *Store[K] {
	if maxKeys <= 0 {
		maxKeys = defaultMaxKeys
	}
	s := &Store[K]{
		perSecond: perSecond, burst: burst, maxKeys: maxKeys,
		limit:    []string{strconv.Itoa(burst)},
		buckets:  make(map[K]*rate.Limiter),
		overflow: rate.NewLimiter(rate.Limit(perSecond), burst),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	go s.sweepLoop()
	return s
}

// Take spends one token of key's bucket at now. When the bucket is empty it
// spends nothing and the decision is a refusal saying how long to wait.
func (s *Store[K]) Take(key K, now time.Time) Decision {
	bucket := s.bucket(key)
	if bucket.AllowN(now, 1) {
		remaining := int(bucket.TokensAt(now))
		return Decision{
			OK: true, Limit: s.burst, Remaining: max(remaining, 0),
			resetSecs: int(math.Ceil(float64(s.burst-remaining) / s.perSecond)),
			limit:     s.limit,
		}
	}
	return s.refusal(bucket, now)
}

// Peek tells what a Take of key at now would decide, spending nothing. A
// key without a bucket of its own is full: Peek creates none, so keys that
// are only looked at cost no memory.
func (s *Store[K]) Peek(key K, now time.Time) Decision {
	s.mu.RLock()
	bucket := s.buckets[key]
	s.mu.RUnlock()
	if bucket == nil {
		return Decision{OK: true, Limit: s.burst, Remaining: s.burst, limit: s.limit}
	}
	tokens := bucket.TokensAt(now)
	if tokens < 1 {
		return s.refusal(bucket, now)
	}
	return Decision{
		OK: true, Limit: s.burst, Remaining: int(tokens),
		resetSecs: int(math.Ceil((float64(s.burst) - tokens) / s.perSecond)),
		limit:     s.limit,
	}
}

// refusal is the decision of an empty bucket: how long until a token.
func (s *Store[K]) refusal(bucket *rate.Limiter, now time.Time) Decision {
	res := bucket.ReserveN(now, 1) // only to learn the wait
	delay := res.DelayFrom(now)
	res.CancelAt(now)
	secs := max(int(math.Ceil(delay.Seconds())), 1)
	return Decision{Limit: s.burst, resetSecs: secs, RetryAfter: time.Duration(secs) * time.Second, limit: s.limit}
}

func (s *Store[K]) bucket(key K) *rate.Limiter {
	s.mu.RLock()
	l := s.buckets[key]
	s.mu.RUnlock()
	if l != nil {
		return l
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if l = s.buckets[key]; l != nil {
		return l
	}
	if len(s.buckets) >= s.maxKeys {
		return s.overflow
	}
	l = rate.NewLimiter(rate.Limit(s.perSecond), s.burst)
	s.buckets[key] = l
	return l
}

func (s *Store[K]) sweepLoop() {
	defer close(s.done)
	t := time.NewTicker(sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case now := <-t.C:
			s.sweep(now)
		}
	}
}

// sweep forgets the buckets that have refilled.
func (s *Store[K]) sweep(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, l := range s.buckets {
		if l.TokensAt(now) >= float64(s.burst) {
			delete(s.buckets, k)
		}
	}
}

// Close stops the sweep. It is idempotent.
func (s *Store[K]) Close() {
	s.closeOnce.Do(func() { close(s.stop) })
	<-s.done
}
