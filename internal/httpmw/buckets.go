package httpmw

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// sweepEvery is how often buckets that have refilled are forgotten.
const sweepEvery = 10 * time.Second

// The headers Take sets, in canonical form: set directly, they cost no
// canonicalisation per request ("RateLimit-Limit" is "Ratelimit-Limit").
const (
	hdrLimit      = "Ratelimit-Limit"
	hdrRemaining  = "Ratelimit-Remaining"
	hdrReset      = "Ratelimit-Reset"
	hdrRetryAfter = "Retry-After"
)

// Buckets hold a token bucket per key K (a client address, a user id). The
// per-address middleware and the per-user limit of authenticated calls share
// it, so both answer with the same headers. It is on the path of every
// request, hence a plain map: a full bucket is as good as a new one, so a
// sweep forgets those and the map holds only the keys active lately. Close
// stops the sweep.
type Buckets[K comparable] struct {
	rps     float64
	burst   int
	maxKeys int
	limit   []string // shared by every response: header values are never modified in place

	mu       sync.RWMutex
	buckets  map[K]*rate.Limiter
	overflow *rate.Limiter // shared by new keys while maxKeys are tracked

	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

// NewBuckets allows burst requests at once and rps sustained per key. At
// most maxKeys keys (0: 100 000) have a bucket of their own at once; beyond,
// new keys share one bucket until the sweep forgets idle ones.
func NewBuckets[K comparable](rps float64, burst, maxKeys int) *Buckets[K] {
	if maxKeys <= 0 {
		maxKeys = 100_000
	}
	b := &Buckets[K]{
		rps: rps, burst: burst, maxKeys: maxKeys,
		limit:    []string{strconv.Itoa(burst)},
		buckets:  make(map[K]*rate.Limiter),
		overflow: rate.NewLimiter(rate.Limit(rps), burst),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	go b.sweepLoop()
	return b
}

// Take spends one request of key's bucket at now and sets RateLimit-Limit,
// -Remaining and -Reset in h. When the bucket is empty it spends nothing,
// also sets Retry-After, and returns false with the wait in whole seconds.
func (b *Buckets[K]) Take(key K, now time.Time, h http.Header) (ok bool, retryAfter string) {
	bucket := b.bucket(key)
	h[hdrLimit] = b.limit
	if bucket.AllowN(now, 1) {
		remaining := int(bucket.TokensAt(now))
		v := []string{strconv.Itoa(max(remaining, 0)), strconv.Itoa(int(math.Ceil(float64(b.burst-remaining) / b.rps)))}
		h[hdrRemaining], h[hdrReset] = v[0:1:1], v[1:2:2] // one allocation for both
		return true, ""
	}
	res := bucket.ReserveN(now, 1) // only to learn the wait
	delay := res.DelayFrom(now)
	res.CancelAt(now)
	secs := strconv.Itoa(max(int(math.Ceil(delay.Seconds())), 1))
	h[hdrRemaining] = []string{"0"}
	h[hdrReset] = []string{secs}
	h[hdrRetryAfter] = []string{secs}
	return false, secs
}

func (b *Buckets[K]) bucket(key K) *rate.Limiter {
	b.mu.RLock()
	l := b.buckets[key]
	b.mu.RUnlock()
	if l != nil {
		return l
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if l = b.buckets[key]; l != nil {
		return l
	}
	if len(b.buckets) >= b.maxKeys {
		return b.overflow
	}
	l = rate.NewLimiter(rate.Limit(b.rps), b.burst)
	b.buckets[key] = l
	return l
}

func (b *Buckets[K]) sweepLoop() {
	defer close(b.done)
	t := time.NewTicker(sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			return
		case now := <-t.C:
			b.sweep(now)
		}
	}
}

// sweep forgets the buckets that have refilled.
func (b *Buckets[K]) sweep(now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k, l := range b.buckets {
		if l.TokensAt(now) >= float64(b.burst) {
			delete(b.buckets, k)
		}
	}
}

// Close stops the sweep. It is idempotent.
func (b *Buckets[K]) Close() {
	b.closeOnce.Do(func() { close(b.stop) })
	<-b.done
}
