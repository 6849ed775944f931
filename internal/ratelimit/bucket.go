package ratelimit

import (
	"math"
	"sync"
	"time"
)

// bucket is one key's token bucket. Its arithmetic is that of
// golang.org/x/time/rate's Limiter, which the store used until sharing
// needed what a Limiter cannot do: set the tokens to the cluster's count,
// and count the takes not yet told to the other instances.
type bucket struct {
	mu     sync.Mutex
	tokens float64 // at last; below zero when the cluster took more than this instance knew
	last   time.Time
	taken  int64 // approximate sharing: takes allowed here since the last sync

	// Owned by the sync loop: the key's name in Valkey and the cluster
	// epoch it was made in.
	vkey  string
	epoch uint64
}

func newBucket(burst float64, now time.Time) *bucket {
	return &bucket{tokens: burst, last: now}
}

// advance is the tokens at now; the caller holds mu.
func (b *bucket) advance(now time.Time, perSecond, burst float64) float64 {
	elapsed := now.Sub(b.last)
	if elapsed <= 0 {
		return b.tokens
	}
	return min(b.tokens+elapsed.Seconds()*perSecond, burst)
}

// tokensAt is the tokens at now.
func (b *bucket) tokensAt(now time.Time, perSecond, burst float64) float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.advance(now, perSecond, burst)
}

// take spends one token at now if there is one, and counts it when count
// is set. It returns the tokens left (or, refused, the tokens there are).
func (b *bucket) take(now time.Time, perSecond, burst float64, count bool) (bool, float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	tokens := b.advance(now, perSecond, burst)
	if tokens < 1 {
		return false, tokens
	}
	tokens--
	b.set(tokens, now)
	if count {
		b.taken++
	}
	return true, tokens
}

// set makes tokens the count at now; the caller holds mu.
func (b *bucket) set(tokens float64, now time.Time) {
	b.tokens = tokens
	if now.After(b.last) {
		b.last = now
	}
}

// waitFor is how long a bucket with tokens takes to hold one, in
// x/time/rate's units (the same rounding: a whole minute stays one).
func waitFor(tokens, perSecond float64) time.Duration {
	d := (1 - tokens) / perSecond * float64(time.Second)
	if d > math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(d)
}
