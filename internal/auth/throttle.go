package auth

import (
	"context"
	"math"
	"time"

	"github.com/maypok86/otter/v2"
	"golang.org/x/time/rate"
)

// Throttle limits attempts per key (an account or a client address) with a
// token bucket; idle buckets are forgotten. Close stops its clean-up.
type Throttle struct {
	perMinute float64
	burst     int
	buckets   *otter.Cache[string, *rate.Limiter]
}

// NewThrottle allows burst attempts at once and perMinute sustained.
func NewThrottle(perMinute float64, burst, maxKeys int) *Throttle {
	idle := time.Duration(float64(burst)/perMinute*float64(time.Minute)) + time.Minute
	return &Throttle{
		perMinute: perMinute,
		burst:     burst,
		buckets: otter.Must(&otter.Options[string, *rate.Limiter]{
			MaximumSize:      maxKeys,
			ExpiryCalculator: otter.ExpiryAccessing[string, *rate.Limiter](idle),
		}),
	}
}

// Allow takes one attempt for key. When refused it says how long to wait.
func (t *Throttle) Allow(ctx context.Context, key string) (ok bool, retryAfter time.Duration) {
	b, _ := t.buckets.Get(ctx, key, otter.LoaderFunc[string, *rate.Limiter](func(context.Context, string) (*rate.Limiter, error) {
		return rate.NewLimiter(rate.Limit(t.perMinute/60), t.burst), nil
	}))
	now := time.Now()
	r := b.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, time.Duration(math.Ceil(d.Seconds())) * time.Second
	}
	return true, 0
}

// Close stops the background clean-up.
func (t *Throttle) Close() { t.buckets.StopAllGoroutines() }
